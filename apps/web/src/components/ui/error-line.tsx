/** A failed request's sentence (the server writes it for people) or a form's own message; nothing when there is none. */
export function ErrorLine({ error, className }: { error: { message: string } | string | null; className?: string }) {
  if (!error) return null;
  return (
    <p className={className ? `form-error ${className}` : "form-error"} role="alert">
      {typeof error === "string" ? error : error.message}
    </p>
  );
}
