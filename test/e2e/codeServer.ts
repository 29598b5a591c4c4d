/**
 * A code-server (Code-OSS with a real Node extension host) for one test run: bound to 127.0.0.1 on
 * a port the kernel picks, in its own process group so stopping it also ends the extension host,
 * file watcher and pty host it forks (they would otherwise outlive it), with every file it writes
 * confined to the run folder and a short TMPDIR (unix socket paths stop at 107 characters).
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Toolchain } from './toolchain';

export interface CodeServerOptions {
  readonly toolchain: Toolchain;
  /** Holds user data, extensions, XDG folders and server.log; created if missing. */
  readonly runDir: string;
  /** The folder the workbench opens. */
  readonly workspace: string;
  /** Honour the URL payload (extensionDevelopmentPath, extensionTestsPath). Also suppresses toasts. */
  readonly smokeTestDriver?: boolean;
  /** Extensions allowed to use the proposed APIs they declare (code-server --enable-proposed-api). */
  readonly enableProposedApi?: readonly string[];
  /** Extra environment for the server and the extension host it forks. */
  readonly env?: Readonly<Record<string, string>>;
}

/** A quiet, deterministic workbench: no welcome page, chat, gallery or update traffic, no word-based completions. */
const seededSettings = {
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'chat.disableAIFeatures': true,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'editor.wordBasedSuggestions': 'off',
};

function environment(options: CodeServerOptions, tmpdir: string): NodeJS.ProcessEnv {
  const { runDir } = options;
  return {
    ...process.env,
    XDG_CONFIG_HOME: join(runDir, 'xdg-config'),
    XDG_DATA_HOME: join(runDir, 'xdg-data'),
    XDG_CACHE_HOME: join(runDir, 'xdg-cache'),
    TMPDIR: tmpdir,
    ...options.env,
  };
}

function commonArgs(runDir: string): string[] {
  return ['--extensions-dir', join(runDir, 'extensions'), '--user-data-dir', join(runDir, 'user-data')];
}

/** `code-server --install-extension`, into the run's extensions folder. */
export async function installExtension(toolchain: Toolchain, runDir: string, vsix: string): Promise<void> {
  mkdirSync(runDir, { recursive: true });
  const tmpdir = mkdtempSync('/tmp/vsc-');
  try {
    await promisify(execFile)(toolchain.node, [toolchain.codeServer, ...commonArgs(runDir), '--install-extension', vsix], {
      env: environment({ toolchain, runDir, workspace: runDir }, tmpdir),
    });
  } catch (error) {
    throw new Error(`code-server --install-extension ${vsix} failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    rmSync(tmpdir, { recursive: true, force: true });
  }
}

export class CodeServer {
  private constructor(
    private readonly child: ChildProcess,
    private readonly tmpdir: string,
    /** http://127.0.0.1:PORT */
    readonly url: string,
    readonly logFile: string,
  ) {}

  static async start(options: CodeServerOptions): Promise<CodeServer> {
    const { toolchain, runDir, workspace } = options;
    mkdirSync(join(runDir, 'user-data/User'), { recursive: true });
    writeFileSync(join(runDir, 'user-data/User/settings.json'), JSON.stringify(seededSettings, null, 2));
    const tmpdir = mkdtempSync('/tmp/vsc-');
    const logFile = join(runDir, 'server.log');
    const args = [
      toolchain.codeServer, '--bind-addr', '127.0.0.1:0', '--auth', 'none', '--disable-telemetry', '--disable-update-check',
      '--disable-workspace-trust', ...commonArgs(runDir),
      ...(options.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
      ...(options.enableProposedApi ?? []).flatMap((id) => ['--enable-proposed-api', id]),
      workspace,
    ];
    // detached: setsid(), so the whole tree is one process group we can signal at once.
    const child = spawn(toolchain.node, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: environment(options, tmpdir) });
    const log = createWriteStream(logFile);
    child.stderr?.pipe(log, { end: false });
    const url = await new Promise<string>((resolve, reject) => {
      let seen = '';
      let listening = false;
      child.stdout?.on('data', (chunk: Buffer) => {
        log.write(chunk);
        if (listening) return;
        seen += chunk.toString();
        const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
        if (match?.[1]) {
          listening = true;
          resolve(match[1]);
        }
      });
      child.on('error', (error) => reject(new Error(`could not run ${toolchain.node} ${toolchain.codeServer}: ${error.message}`)));
      child.on('exit', (code, signal) =>
        reject(new Error(`code-server exited (${signal ?? code}) before listening; its log: ${logFile}\n${seen.slice(-2000)}`)),
      );
    }).catch(async (error: unknown) => {
      await stopGroup(child);
      rmSync(tmpdir, { recursive: true, force: true });
      throw error;
    });
    return new CodeServer(child, tmpdir, url, logFile);
  }

  /** SIGTERM to the whole process group, SIGKILL if anything is left after 10 s; resolves once it is gone. */
  async stop(): Promise<void> {
    await stopGroup(this.child);
    rmSync(this.tmpdir, { recursive: true, force: true });
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopGroup(child: ChildProcess): Promise<void> {
  const pgid = child.pid;
  if (pgid === undefined || !groupAlive(pgid)) return;
  process.kill(-pgid, 'SIGTERM');
  const deadline = Date.now() + 10_000;
  while (groupAlive(pgid)) {
    if (Date.now() > deadline) {
      process.kill(-pgid, 'SIGKILL');
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // The group is gone once its last member exited; a zombie leader is reaped by Node's exit handler.
  while (groupAlive(pgid)) await new Promise((resolve) => setTimeout(resolve, 50));
}
