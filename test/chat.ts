/** The stored message of a chat.send that went live (fails the test when it was held instead). */
export function visible<T extends { status: string; message: unknown }>(result: T): Extract<T, { status: "VISIBLE" }>["message"] {
  if (result.status !== "VISIBLE") throw new Error(`expected the message to go live, but it is ${result.status}`);
  return result.message;
}
