import { env } from "~/env";

// Runs once when the Node.js server starts: bad configuration stops it with one line naming the variable.
try {
  env();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
