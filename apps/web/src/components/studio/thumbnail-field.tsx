"use client";

import { useEffect, useId, useRef, useState } from "react";
import { THUMBNAIL_TYPES, thumbnailFileProblem } from "./thumbnail-file";

/** The thumbnail as the form will save it: a new file, the removal of the current one, or no change. */
export interface ThumbnailChoice {
  file: File | null;
  remove: boolean;
}

export const NO_THUMBNAIL_CHANGE: ThumbnailChoice = { file: null, remove: false };

interface ThumbnailFieldProps {
  /** The stream's current thumbnail (edit), shown until it is replaced or removed. */
  currentUrl: string | null;
  choice: ThumbnailChoice;
  onChange: (choice: ThumbnailChoice) => void;
  /** The server's refusal of the last upload. */
  error?: string | null;
}

/** Pick an image (checked here first, resized by the server to 1280×720), see it, or remove it. Saved with the form. */
export function ThumbnailField({ currentUrl, choice, onChange, error }: ThumbnailFieldProps) {
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const previewUrl = useObjectUrl(choice.file);
  const shown = previewUrl ?? (choice.remove ? null : currentUrl);
  const message = problem ?? error ?? null;

  function pick(file: File | undefined) {
    if (!file) return;
    const why = thumbnailFileProblem(file);
    setProblem(why);
    if (why) {
      if (inputRef.current) inputRef.current.value = "";
      return;
    }
    onChange({ file, remove: false });
  }

  function remove() {
    setProblem(null);
    if (inputRef.current) inputRef.current.value = "";
    onChange({ file: null, remove: currentUrl !== null });
  }

  return (
    <div className="studio-field studio-thumbnail" data-field="thumbnail">
      <label htmlFor={id}>Thumbnail</label>
      <div className="studio-thumbnail-row">
        <div className="studio-thumbnail-preview" data-testid="thumbnail-preview">
          {shown ? (
            // A blob: preview or the server's resized webp: next/image would add nothing here.
            // eslint-disable-next-line @next/next/no-img-element
            <img src={shown} alt="Thumbnail preview" />
          ) : (
            <span className="muted">No thumbnail</span>
          )}
        </div>
        <div className="studio-thumbnail-controls">
          <input
            ref={inputRef}
            id={id}
            type="file"
            accept={THUMBNAIL_TYPES.join(",")}
            aria-describedby={`${id}-hint${message ? ` ${id}-error` : ""}`}
            onChange={(event) => pick(event.target.files?.[0])}
          />
          {shown ? (
            <button type="button" className="link-button" onClick={remove}>
              Remove thumbnail
            </button>
          ) : null}
          <p id={`${id}-hint`} className="studio-hint muted">
            JPEG, PNG or WebP, up to 5 MB; shown at 16:9 (1280×720).
            {choice.file ? " Saved with the stream." : choice.remove ? " Removed when you save." : ""}
          </p>
          {message ? (
            <p id={`${id}-error`} className="form-error" data-testid="error-thumbnail">
              {message}
            </p>
          ) : null}
        </div>
      </div>
    </div>
  );
}

/** A blob: URL for a picked file, revoked when the file changes or the field goes away. */
function useObjectUrl(file: File | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!file) {
      setUrl(null);
      return;
    }
    const objectUrl = URL.createObjectURL(file);
    setUrl(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [file]);
  return url;
}
