// `npm ci` refuses a lock file that lacks an entry for any optional dependency of a locked package,
// even one that was never published: node-unix-socket 0.2.7 names five platform packages that the
// npm registry does not have, and `npm install` drops them from the lock. This adds an optional
// entry for each such name (npm then tolerates its absence, as it does for any optional package)
// so a fresh clone installs with `npm ci`. Run it after `npm install`; `--check` only reports.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export function missingOptional(lock) {
  const missing = [];
  for (const [path, entry] of Object.entries(lock.packages ?? {})) {
    for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
      const nested = `${path}/node_modules/${name}`;
      if (!(nested in lock.packages) && !(`node_modules/${name}` in lock.packages)) missing.push({ after: path, name, version });
    }
  }
  return missing;
}

function fill(lock) {
  const missing = missingOptional(lock);
  const packages = {};
  for (const [path, entry] of Object.entries(lock.packages)) {
    packages[path] = entry;
    for (const m of missing.filter((m) => m.after === path)) packages[`node_modules/${m.name}`] = { version: m.version, optional: true };
  }
  lock.packages = packages;
  return missing;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = join(dirname(fileURLToPath(import.meta.url)), '..', 'package-lock.json');
  const lock = JSON.parse(readFileSync(file, 'utf8'));
  if (process.argv.includes('--check')) {
    const missing = missingOptional(lock);
    for (const m of missing) console.error(`package-lock.json: no entry for ${m.name}@${m.version} (optional dependency of ${m.after})`);
    process.exitCode = missing.length > 0 ? 1 : 0;
  } else {
    const added = fill(lock);
    writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
    console.log(added.length > 0 ? `added ${added.map((m) => m.name).join(', ')}` : 'nothing to add');
  }
}
