/** A text field of a submitted form; "" when it is missing (these forms have no file inputs). */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}
