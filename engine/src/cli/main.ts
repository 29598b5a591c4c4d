/**
 * `berth`: the command-line interface. Each verb lives in its own module; this file only routes.
 */
import { runCheck } from './check';

const USAGE = `usage: berth <command> [options]

commands:
  check [--format text|json] [--rule ID=SEVERITY]... [--context DIR] <Dockerfile>...
        lint Dockerfiles with the same rules as the editor; exits 1 when an error is found
  help  show this help
`;

export async function main(argv: readonly string[]): Promise<number> {
  const [verb, ...rest] = argv;
  switch (verb) {
    case 'check':
      return runCheck(rest, process.stdout, process.stderr);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return verb === undefined ? 2 : 0;
    default:
      process.stderr.write(`berth: unknown command "${verb}"\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`berth: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
