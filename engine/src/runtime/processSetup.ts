// What has to be read from the container's own filesystem before its process (or an exec's) can be
// described: the user from /etc/passwd and /etc/group, the working directory (created when missing,
// as Docker does), and whether the command can be executed at all, so a missing command fails with
// Docker's exit code 127 and text whichever OCI runtime runs it.
import { closeSync, constants, openSync, statSync } from 'node:fs';
import { berthError, BerthError } from '../image/berthError';
import { mergeEnv } from './containerConfig';
import { defaultPath } from './specDefaults';
import { ensureRootDir, ensureRootFile, findCommandProblem, readRootFile, type CommandProblem } from './rootfsFiles';
import type { SpecMount } from './runtimeSpec';
import { resolveUser, type ExecUser } from './userLookup';

/** A start or exec that failed before the process ran; `exitCode` is Docker's 126 or 127 when it applies. */
export class StartError extends BerthError {
  constructor(message: string, readonly exitCode?: number, cause?: unknown) {
    super('failed-precondition', message, cause === undefined ? undefined : { cause });
  }
}

export interface ProcessRequest {
  readonly args: readonly string[];
  readonly user: string;
  readonly groupAdd: readonly string[];
  readonly workingDir: string;
  /** The environment the process will get (PATH decides where the command is looked up). */
  readonly env: readonly string[];
  /** Mount targets: what is under them is not in the root filesystem, so not judged. */
  readonly mountTargets: readonly string[];
  readonly createWorkingDir: boolean;
}

export function prepareProcess(rootfs: string, request: ProcessRequest): { user: ExecUser; problem?: CommandProblem } {
  let rootFd: number;
  try {
    rootFd = openSync(rootfs, constants.O_RDONLY | constants.O_DIRECTORY);
  } catch (err) {
    throw berthError('internal', `open container root ${rootfs}: ${(err as Error).message}`, err);
  }
  try {
    const user = resolveUser(request.user, readRootFile(rootFd, '/etc/passwd'), readRootFile(rootFd, '/etc/group'), request.groupAdd);
    if (request.createWorkingDir) ensureRootDir(rootFd, request.workingDir);
    const path = mergeEnv([`PATH=${defaultPath}`], request.env).find((e) => e.startsWith('PATH='))!.slice(5);
    const command = request.args[0];
    const problem = command === undefined ? undefined : findCommandProblem(rootFd, command, path, request.workingDir, request.mountTargets);
    return problem ? { user, problem } : { user };
  } finally {
    closeSync(rootFd);
  }
}

const runtimeManaged = ['/proc', '/sys', '/dev'];

/**
 * Creates the mount points of the spec's mounts in the root (files for file binds), as the host's
 * root: a runtime working as a mapped user in a user namespace could not create them in root-owned
 * directories. /proc, /sys and /dev are the runtime's own filesystems.
 */
export function prepareMountTargets(rootfs: string, mounts: readonly SpecMount[]): void {
  const rootFd = openSync(rootfs, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    for (const m of mounts) {
      if (runtimeManaged.some((p) => m.destination === p || m.destination.startsWith(`${p}/`))) continue;
      const isFile = m.type === 'bind' && statSync(m.source, { throwIfNoEntry: false })?.isFile() === true;
      if (isFile) ensureRootFile(rootFd, m.destination);
      else ensureRootDir(rootFd, m.destination);
    }
  } finally {
    closeSync(rootFd);
  }
}

/**
 * An exec that failed to start, as Docker reports it: 127 when the command was not found, else 126
 * (a working directory that does not exist, no permission, a script without `#!`).
 */
export function execExitCode(message: string, command: string): number {
  const m = message.toLowerCase();
  if (m.includes('executable file not found') || m.includes('not found in $path')) return 127;
  if (m.includes('no such file or directory') && message.includes(command)) return 127;
  return 126;
}

/** Docker's CLI turns these runtime complaints into 127 and 126; the runtimes word them differently. */
export function exitCodeForRuntimeError(message: string): number | undefined {
  const m = message.toLowerCase();
  if (m.includes('executable file not found') || m.includes('no such file or directory') || m.includes('not found in $path')) return 127;
  if (m.includes('permission denied') || m.includes('is a directory')) return 126;
  return undefined;
}
