/**
 * A condition the operator has to fix (a wrong master key, a data directory in use): the server
 * and the commands print its message, in Chinese and without a stack trace, and exit non-zero.
 */
export class OperatorError extends Error {
  override name = 'OperatorError';
}

/**
 * Runs a command's body: an OperatorError becomes "<refused>：" and its message on stderr, and
 * exit code 1.
 */
export async function runCommand(refused: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    if (!(e instanceof OperatorError)) throw e;
    console.error(`${refused}：\n${e.message}`);
    process.exit(1);
  }
}
