import { AppError } from "../../errors";
import { validateTerm } from "../chat/content-filter";
import { lockStreamRow } from "../shared/locks";
import { inTransaction } from "../shared/transaction";
import { loggedEvents, writeLog } from "./audit";
import type { ModerationDeps } from "./context";
import type { TermInput } from "./schemas";

const termSelect = {
  id: true,
  term: true,
  action: true,
  createdAt: true,
  createdBy: { select: { id: true, username: true, name: true } },
} as const;

export function listTerms(deps: Pick<ModerationDeps, "db" | "stream">) {
  return deps.db.blockedTerm.findMany({ where: { streamId: deps.stream.id }, orderBy: { term: "asc" }, select: termSelect });
}

/** Adds a term with its action; the stream's filter picks it up on the next message. */
export async function addTerm(deps: ModerationDeps, input: TermInput) {
  const { actor, stream } = deps;
  try {
    validateTerm(input.term);
  } catch (error) {
    throw new AppError("BAD_REQUEST", `term: ${(error as Error).message}`);
  }
  return inTransaction(deps, async (tx) => {
    // The stream row (whose termsVersion changes below) orders concurrent changes to its list.
    await lockStreamRow(tx, stream.id);
    const existing = await tx.blockedTerm.findFirst({ where: { streamId: stream.id, term: input.term }, select: { action: true } });
    if (existing)
      throw new AppError(
        "CONFLICT",
        `"${input.term}" is already on the list (${existing.action.toLowerCase()}). Remove it first to change its action.`,
      );
    const term = await tx.blockedTerm.create({
      data: { streamId: stream.id, term: input.term, action: input.action, createdById: actor.id },
      select: termSelect,
    });
    await tx.liveStream.update({ where: { id: stream.id }, data: { termsVersion: { increment: 1 } } });
    const entry = await writeLog(tx, {
      streamId: stream.id,
      actorId: actor.id,
      action: "TERM_ADD",
      details: { term: input.term, termAction: input.action },
    });
    return { result: term, events: loggedEvents([entry]) };
  });
}

export async function removeTerm(deps: ModerationDeps, input: { termId: string }) {
  const { actor, stream } = deps;
  return inTransaction(deps, async (tx) => {
    await lockStreamRow(tx, stream.id);
    const term = await tx.blockedTerm.findFirst({
      where: { id: input.termId, streamId: stream.id },
      select: { id: true, term: true, action: true },
    });
    if (!term) throw new AppError("NOT_FOUND", "No term with that id in this stream.");
    await tx.blockedTerm.delete({ where: { id: term.id } });
    await tx.liveStream.update({ where: { id: stream.id }, data: { termsVersion: { increment: 1 } } });
    const entry = await writeLog(tx, {
      streamId: stream.id,
      actorId: actor.id,
      action: "TERM_REMOVE",
      details: { term: term.term, termAction: term.action },
    });
    return { result: { removed: true }, events: loggedEvents([entry]) };
  });
}
