// A command timed as hyperfine times it: from spawning the process to its exit status (waitpid),
// with its output captured so that a failure says what the command printed. A command that fails
// stops the benchmark: a fast error is not a fast container.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export interface Command {
  readonly file: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

export interface CommandResult {
  readonly ms: number;
  readonly stdout: string;
}

export function describeCommand(command: Command): string {
  return [command.file, ...command.args].join(' ');
}

/** Runs `command` to completion; rejects with its output unless it exits 0. */
export function timedCommand(command: Command): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command.file, [...command.args], { env: command.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', (err) => reject(new Error(`${describeCommand(command)} could not be started: ${err.message}`)));
    // 'exit' is the wait status (what is timed); the output is complete at 'close', unless a
    // process the command left behind (podman's conmon) still holds the pipe: then 2 s is plenty
    child.once('exit', (code, signal) => {
      const ms = performance.now() - start;
      const settle = () => {
        clearTimeout(timer);
        child.stdout.destroy();
        child.stderr.destroy();
        if (code === 0) resolve({ ms, stdout });
        else reject(new Error(`${describeCommand(command)} failed (${signal ?? `exit ${code}`}):\n${stdout}${stderr}`));
      };
      const timer = setTimeout(settle, 2000);
      child.once('close', settle);
    });
  });
}
