/**
 * dist/berth.js, the CLI's entry point: loads the CLI (dist/berthCli.js, from main.ts) with a V8
 * code cache (startup/codeCache.ts). Compiling the bundle from source took about 18 ms
 * of every command, a tenth of a short `berth run`; with the cache V8 starts from the code an
 * earlier command compiled. The cache is written when a command ends that found none (or a stale
 * one), or that compiled clearly more than it held (checked the first time each command, such as
 * `run` or `network ls`, runs against a cache); a command killed by a signal writes nothing.
 */
import { join } from 'node:path';
import { requireWithCodeCache } from '../startup/codeCache';

// The launcher in front of this bundle (scripts/build.mjs, cliLauncher) started Node without
// NODE_EXTRA_CA_CERTS, which this process never needs (no TLS of its own) but berthd, started on
// demand, and credential helpers may: they get the user's environment back.
// (Run as `node dist/berth.js`, Node kept the variable: one still set wins over a stray copy.)
const extraCaCerts = process.env.BERTH_NODE_EXTRA_CA_CERTS;
if (extraCaCerts !== undefined) {
  delete process.env.BERTH_NODE_EXTRA_CA_CERTS;
  process.env.NODE_EXTRA_CA_CERTS ??= extraCaCerts;
}

const cli = requireWithCodeCache<typeof import('./main')>(join(__dirname, 'berthCli.js'));
// A cache that cannot be written (a read-only home) only means the next command compiles again.
// Only a command that succeeded names its workload: a usage error or a failed pull compiles little,
// and listing its command would keep the command's real runs from ever growing the cache.
process.once('exit', (code) => void cli.save(code === 0 ? cli.exports.ranCommand() : undefined));
