// `berth login` and `berth logout`, as docker's: the engine checks the credentials against the
// registry (/auth), then the CLI keeps them in ~/.docker/config.json or the configured credential
// helper; logout only forgets them locally.
import { isNotFound } from '../image/berthError';
import { dockerHubAuthKey } from '../registry/credentialStore';
import { parseCommand, UsageError, type CommandContext } from './commandContext';
import { credentialStore } from './registryCredentials';

/** `https://host:5000/v2/` or `host:5000` → `host:5000`; Docker Hub's names → docker.io. */
export function registryHostOf(server: string | undefined): string {
  if (server === undefined || server === '' || server === dockerHubAuthKey) return 'docker.io';
  const host = server.replace(/^[a-z]+:\/\//i, '').split('/')[0]!;
  return host === 'index.docker.io' || host === 'registry-1.docker.io' ? 'docker.io' : host;
}

async function readStdin(ctx: CommandContext): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of ctx.io.stdin as AsyncIterable<Buffer>) parts.push(chunk);
  return Buffer.concat(parts).toString('utf8').replace(/\r?\n$/, '');
}

export async function runLogin(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const usage = 'berth login [OPTIONS] [SERVER]';
  const { values, positionals } = parseCommand(argv, {
    username: { type: 'string', short: 'u' },
    password: { type: 'string', short: 'p' },
    'password-stdin': { type: 'boolean' },
  }, usage, { max: 1 });
  if (values.password !== undefined && values['password-stdin']) throw new UsageError('--password and --password-stdin are mutually exclusive', usage);
  const password = values['password-stdin'] ? await readStdin(ctx) : values.password;
  if (values.username === undefined || password === undefined || password === '') {
    throw new UsageError('give the username with -u and the password with --password-stdin (or -p); interactive prompts are not supported', usage);
  }
  if (values.password !== undefined) ctx.io.stderr.write('WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n');
  const registry = registryHostOf(positionals[0]);
  const serveraddress = registry === 'docker.io' ? dockerHubAuthKey : registry;
  const client = await ctx.connect();
  const answer = await client.json<{ Status?: string; IdentityToken?: string }>('POST', '/auth', { body: { username: values.username, password, serveraddress } });
  await credentialStore(ctx.env).store(registry, answer.IdentityToken ? { identityToken: answer.IdentityToken } : { username: values.username, password });
  ctx.io.stdout.write(`${answer.Status ?? 'Login Succeeded'}\n`);
  return 0;
}

export async function runLogout(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const usage = 'berth logout [SERVER]';
  const { positionals } = parseCommand(argv, {}, usage, { max: 1 });
  const registry = registryHostOf(positionals[0]);
  try {
    await credentialStore(ctx.env).erase(registry);
    ctx.io.stdout.write(`Removing login credentials for ${registry === 'docker.io' ? dockerHubAuthKey : registry}\n`);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    ctx.io.stdout.write(`Not logged in to ${registry}\n`);
  }
  return 0;
}
