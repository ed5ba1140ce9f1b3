"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useRef, useState } from "react";
import { errorMessage, useTRPC } from "~/lib/trpc";
import { THUMBNAIL_TYPES, thumbnailFileProblem } from "../../studio/thumbnail-file";
import { IMAGES_MAX, moveItem, type ProductImage } from "./product-form";

interface ProductImagesFieldProps {
  images: ProductImage[];
  onChange: (images: ProductImage[]) => void;
  /** The server's refusal of the saved list. */
  error?: string;
}

/**
 * The product's images: each picked file is uploaded at once (the server makes a WebP of it and
 * returns its key), then shown in order; the first is the shop card's. Reorder with the arrows,
 * remove with ×. The form saves the keys in this order.
 */
export function ProductImagesField({ images, onChange, error }: ProductImagesFieldProps) {
  const trpc = useTRPC();
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const upload = useMutation(trpc.product.uploadImage.mutationOptions());
  const full = images.length >= IMAGES_MAX;
  const message = problem ?? error ?? null;

  async function pick(files: FileList | null) {
    const picked = Array.from(files ?? []);
    if (inputRef.current) inputRef.current.value = "";
    if (picked.length === 0) return;
    setProblem(null);
    let list = images;
    for (const file of picked) {
      if (list.length >= IMAGES_MAX) {
        setProblem(`A product can have at most ${IMAGES_MAX} images.`);
        break;
      }
      const why = thumbnailFileProblem(file);
      if (why) {
        setProblem(`${file.name}: ${why.replace("A thumbnail", "An image").replace("a thumbnail", "an image")}`);
        continue;
      }
      const body = new FormData();
      body.set("file", file);
      try {
        const uploaded = await upload.mutateAsync(body);
        list = [...list, { key: uploaded.key, url: uploaded.url }];
        onChange(list);
      } catch (failure) {
        setProblem(`${file.name}: ${errorMessage(failure)}`);
      }
    }
  }

  return (
    <div className="studio-field seller-images" data-field="images">
      <label htmlFor={id}>Images</label>
      {images.length > 0 ? (
        <ol className="seller-image-list" aria-label="Images, in order">
          {images.map((image, index) => (
            <li key={image.key} className="seller-image" data-testid="product-image">
              {/* The server's resized WebP: next/image would add nothing here. */}
              {/* eslint-disable-next-line @next/next/no-img-element */}
              <img src={image.url} alt={`Image ${index + 1}${index === 0 ? " (shown on the card)" : ""}`} />
              <div className="seller-image-actions">
                <button
                  type="button"
                  className="seller-icon-button"
                  disabled={index === 0}
                  onClick={() => onChange(moveItem(images, index, -1))}
                  aria-label={`Move image ${index + 1} earlier`}
                >
                  ←
                </button>
                <button
                  type="button"
                  className="seller-icon-button"
                  disabled={index === images.length - 1}
                  onClick={() => onChange(moveItem(images, index, 1))}
                  aria-label={`Move image ${index + 1} later`}
                >
                  →
                </button>
                <button
                  type="button"
                  className="seller-icon-button seller-icon-danger"
                  onClick={() => onChange(images.filter((other) => other.key !== image.key))}
                  aria-label={`Remove image ${index + 1}`}
                >
                  ×
                </button>
              </div>
            </li>
          ))}
        </ol>
      ) : null}
      <input
        ref={inputRef}
        id={id}
        type="file"
        multiple
        accept={THUMBNAIL_TYPES.join(",")}
        disabled={full || upload.isPending}
        aria-describedby={`${id}-hint${message ? ` ${id}-error` : ""}`}
        onChange={(event) => void pick(event.target.files)}
        data-testid="product-image-input"
      />
      <p id={`${id}-hint`} className="studio-hint muted">
        {upload.isPending
          ? "Uploading…"
          : `JPEG, PNG or WebP, up to 5 MB each; up to ${IMAGES_MAX} images (${images.length} now). The first is shown on the card.`}
      </p>
      {message ? (
        <p id={`${id}-error`} className="form-error studio-field-error" data-testid="error-images" role="alert">
          {message}
        </p>
      ) : null}
    </div>
  );
}
