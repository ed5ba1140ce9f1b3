import type { ChatMessageView } from "@onair/api/events";
import { describe, expect, it } from "vitest";
import { activeMention, bodySegments, insertMention, matchesMentionQuery, mentionsViewer, movedOption } from "./mentions";

describe("activeMention", () => {
  it("finds the @name being typed at the caret, even before its first letter", () => {
    expect(activeMention("@", 1)).toEqual({ start: 0, query: "" });
    expect(activeMention("hi @an", 6)).toEqual({ start: 3, query: "an" });
    expect(activeMention("hi @an and more", 6)).toEqual({ start: 3, query: "an" });
  });

  it("ignores an @ inside a word or an email address, a finished mention and the middle of a word", () => {
    expect(activeMention("mail ana@example", 16)).toBeNull();
    expect(activeMention("@@ana", 5)).toBeNull();
    expect(activeMention("hi @ana ", 8)).toBeNull();
    expect(activeMention("hi @anabel", 6)).toBeNull();
    expect(activeMention("no at sign", 10)).toBeNull();
  });
});

describe("insertMention", () => {
  it("replaces what was typed with the full username, a space and the caret after it", () => {
    expect(insertMention("hi @an", { start: 3, query: "an" }, "ana_lima")).toEqual({ text: "hi @ana_lima ", caret: 13 });
    expect(insertMention("@ what", { start: 0, query: "" }, "ben")).toEqual({ text: "@ben what", caret: 5 });
  });
});

describe("movedOption", () => {
  it("moves down and up, wrapping at both ends", () => {
    expect(movedOption(-1, 3, 1)).toBe(0);
    expect(movedOption(-1, 3, -1)).toBe(2);
    expect(movedOption(2, 3, 1)).toBe(0);
    expect(movedOption(0, 3, -1)).toBe(2);
    expect(movedOption(1, 3, 1)).toBe(2);
    expect(movedOption(0, 0, 1)).toBe(-1);
  });
});

describe("bodySegments", () => {
  it("marks the @names the server resolved, keeping the text as written, and the viewer's own", () => {
    expect(bodySegments("hey @Ana and @bob, see @ghost_user or mail x@ana", ["ana", "bob"], "bob")).toEqual([
      { kind: "text", text: "hey " },
      { kind: "mention", text: "@Ana", username: "ana", self: false },
      { kind: "text", text: " and " },
      { kind: "mention", text: "@bob", username: "bob", self: true },
      { kind: "text", text: ", see @ghost_user or mail x@ana" },
    ]);
  });

  it("leaves a message without mentions as one piece of text", () => {
    expect(bodySegments("@ana hello", [], null)).toEqual([{ kind: "text", text: "@ana hello" }]);
    expect(bodySegments("", [], null)).toEqual([]);
  });
});

describe("mentionsViewer", () => {
  const message = (authorId: string, mentions: string[]) => ({ author: { id: authorId }, mentions }) as unknown as ChatMessageView;

  it("is true for someone else's message naming the viewer", () => {
    const viewer = { id: "u1", username: "Ana" };
    expect(mentionsViewer(message("u2", ["ana"]), viewer)).toBe(true);
    expect(mentionsViewer(message("u2", ["bob"]), viewer)).toBe(false);
    expect(mentionsViewer(message("u1", ["ana"]), viewer)).toBe(false);
    expect(mentionsViewer(message("u2", ["ana"]), null)).toBe(false);
  });
});

describe("matchesMentionQuery", () => {
  const ana = { id: "u1", username: "ana_lima", name: "Ana Maria Lima" };

  it("matches the start of the username or of any word of the name, ignoring case", () => {
    for (const query of ["", "ana", "ANA_L", "maria", "Lim"]) expect(matchesMentionQuery(ana, query), query).toBe(true);
    for (const query of ["lima_", "na", "aria", "bob"]) expect(matchesMentionQuery(ana, query), query).toBe(false);
    expect(matchesMentionQuery({ id: "u2", username: "bob", name: null }, "b")).toBe(true);
  });
});
