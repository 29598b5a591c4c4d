/**
 * The shell analysis the hadolint rules share (engine/src/dockerfile/shell/), through its public
 * entry `runShell` on real lint contexts.
 */
import { strict as assert } from 'node:assert';
import { DockerfileModel, parseDockerfile } from '../../../../../engine/src/dockerfile/model';
import { lintModel } from '../../../../../engine/src/dockerfile/lint/lint';
import { LintContext } from '../../../../../engine/src/dockerfile/lint/rule';
import { RunShell, mayMention, runInstructions, runShell } from '../../../../../engine/src/dockerfile/shell/runShell';
import { ShellCommand, ShellWord, argumentsWithoutFlags, commandFlags, countFlag } from '../../../../../engine/src/dockerfile/shell/shellCommand';
import { plainCommandArgv } from '../../../../../engine/src/dockerfile/shell/plainCommand';
import { hasPipefailOption, isNonPosixShell, shellAt } from '../../../../../engine/src/dockerfile/shell/shellSetting';

/** The lint context lintModel builds, captured by a rule, and the RUNs analyzed in it. */
function analyze(text: string): { model: DockerfileModel; context: LintContext; runs: RunShell[] } {
  const model = parseDockerfile(text);
  let captured: LintContext | undefined;
  lintModel(model, [{ id: 'capture', category: 'hadolint', defaultSeverity: 'hint', description: '', fixable: false, check: (c) => (captured = c) }]);
  assert.ok(captured);
  const context = captured;
  return { model, context, runs: runInstructions(model, true).map((i) => runShell(context, i)) };
}

const names = (commands: readonly ShellCommand[]) => commands.map((c) => c.name);
const values = (words: readonly ShellWord[]) => words.map((w) => w.value);
const where = (model: DockerfileModel, w: ShellWord) => `${w.range.start.line}:${w.range.start.character}-${w.range.end.line}:${w.range.end.character} ${model.text.slice(w.start, w.end)}`;

describe('runShell', () => {
  it('lists commands with literal values and Dockerfile ranges across continuation lines', () => {
    const { model, runs } = analyze('FROM debian:12\nRUN apt-get update \\\n && apt-get install -y \\\n    "cu"rl $PKG=1 \\\n # a comment\n    ${X:-y}\n');
    const [update, install] = runs[0].commands;
    assert.deepEqual(names(runs[0].commands), ['apt-get', 'apt-get']);
    assert.deepEqual(values(install.args), ['install', '-y', 'curl', '$PKG=1', '${X:-y}']);
    assert.deepEqual(install.args.map((a) => a.dynamic), [false, false, false, true, true]);
    assert.deepEqual(install.args.map((a) => where(model, a)), [
      '2:12-2:19 install',
      '2:20-2:22 -y',
      '3:4-3:10 "cu"rl',
      '3:11-3:17 $PKG=1',
      '5:4-5:11 ${X:-y}',
    ]);
    assert.equal(update.joinedBy, undefined);
    assert.equal(install.joinedBy, '&&');
    assert.equal(where(model, install.nameWord), '2:4-2:11 apt-get');
  });

  it('records lists, pipelines and substitutions', () => {
    const { model, runs } = analyze('FROM a:1\nRUN a; b & c || d | e $(f | g) && (h)\n');
    const shell = runs[0];
    assert.deepEqual(names(shell.commands), ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    // The first command of a subshell or substitution opens its own list.
    assert.deepEqual(shell.commands.map((c) => c.joinedBy ?? '-'), ['-', ';', '&', '||', '|', '-', '|', '-']);
    assert.deepEqual(shell.commands.map((c) => c.nested), [false, false, false, false, false, true, true, false]);
    assert.deepEqual(shell.pipelines.map((p) => [where(model, p.operator), p.commandCount]), [
      ['1:18-1:19 |', 2],
      ['1:26-1:27 |', 2],
    ]);
    assert.equal(shell.commands[3].pipeline, shell.pipelines[0]);
    assert.equal(shell.commands[2].pipeline, undefined);
  });

  it('tracks set -o pipefail in order and per subshell', () => {
    const { runs } = analyze('FROM a:1\nRUN a | b; set -eo pipefail; c | d; (set +o pipefail; e | f); g | h\n');
    assert.deepEqual(runs[0].pipelines.map((p) => p.pipefail), [false, true, false, true]);
  });

  it('looks through command, exec and busybox, not through sudo or env', () => {
    const { runs } = analyze('FROM a:1\nRUN command apt-get install x; exec -a name nginx -g x; busybox wget y; sudo apt-get z; env A=1 pip install q; command -v git\n');
    const shell = runs[0];
    assert.deepEqual(names(shell.commands), ['apt-get', 'nginx', 'wget', 'sudo', 'env', 'command']);
    assert.deepEqual(values(shell.commands[1].args), ['-g', 'x']);
    assert.deepEqual(values(shell.commands[3].args), ['apt-get', 'z']);
    assert.deepEqual(shell.assignments.map((a) => `${a.name}=${a.value}`), ['A=1']);
  });

  it('leaves out commands whose name is only known at run time', () => {
    const { runs } = analyze('FROM a:1\nRUN $PM install x && "$(which pip)" install y && X=1\n');
    assert.deepEqual(names(runs[0].commands), ['which']);
    assert.deepEqual(runs[0].assignments.map((a) => a.name), ['X']);
  });

  it('collects assignments before commands, alone and exported', () => {
    const { runs } = analyze('FROM a:1\nRUN A=1 B="two words" cmd; export C=3 D; declare -x E=5; F=6\n');
    assert.deepEqual(runs[0].assignments.map((a) => `${a.name}=${a.value}`), ['A=1', 'B=two words', 'C=3', 'E=5', 'F=6']);
    assert.deepEqual(runs[0].commands[0].assignments.map((a) => a.name), ['A', 'B']);
  });

  it('gives backquoted commands the range of the whole substitution and marks them inexact', () => {
    const { model, runs } = analyze('FROM a:1\nRUN echo `sudo ls \\`pwd\\``\n');
    const [echo, sudo, pwd] = runs[0].commands;
    assert.equal(echo.exact, true);
    assert.deepEqual([sudo.name, sudo.exact, where(model, sudo.nameWord)], ['sudo', false, '1:9-1:26 `sudo ls \\`pwd\\``']);
    assert.equal(pwd.name, 'pwd');
  });

  it('reads the exec form as one command with JSON item ranges', () => {
    const { model, runs } = analyze('FROM a:1\nRUN ["apt-get", "install", "x"]\nONBUILD RUN ["wget", "u"]\n');
    assert.deepEqual(runs.map((r) => [r.commands[0].name, r.commands[0].execForm, r.instruction.name]), [
      ['apt-get', true, 'RUN'],
      ['wget', true, 'ONBUILD'],
    ]);
    assert.equal(where(model, runs[0].commands[0].args[1]), '1:27-1:30 "x"');
  });

  it('analyzes heredoc scripts, and skips heredocs for other interpreters', () => {
    const { model, runs } = analyze('FROM a:1\nRUN <<EOF\ncd /x\nmake\nEOF\nRUN <<EOF\n#!/usr/bin/env python3\nimport os\nEOF\nRUN <<EOF\n#!/bin/bash\nls\nEOF\n');
    assert.deepEqual(runs.map((r) => names(r.commands)), [['cd', 'make'], [], ['ls']]);
    assert.equal(where(model, runs[0].commands[1].nameWord), '3:0-3:4 make');
  });

  it('never throws on malformed shell', () => {
    const { runs } = analyze('FROM a:1\nRUN echo "unterminated && ls\nRUN a && && b\nRUN ((( \nRUN if then fi }\nRUN echo $(\nRUN `\n');
    assert.equal(runs.length, 6);
    assert.ok(runs[1].scripts[0].errorCount > 0);
    assert.deepEqual(names(runs[1].commands), ['a']);
  });

  it('parses each RUN once per lint run and shares the result', () => {
    const { model, context } = analyze('FROM a:1\nRUN a | b\n');
    const run = model.instructions[1];
    assert.equal(runShell(context, run), runShell(context, run));
    assert.equal(runShell(context, run).scripts[0].source, context.shellScripts(run)[0]);
  });
});

describe('commandFlags and argumentsWithoutFlags', () => {
  it("split flags as hadolint's getAllFlags does", () => {
    const { runs } = analyze('FROM a:1\nRUN cmd -abc --long=v -- - --x -q -q file -t target pkg\n');
    const cmd = runs[0].commands[0];
    assert.deepEqual(commandFlags(cmd).map((f) => f.name), ['a', 'b', 'c', 'long', 'x', 'q', 'q', 't']);
    assert.equal(countFlag(cmd, 'q'), 2);
    assert.deepEqual(values(argumentsWithoutFlags(cmd, ['t'])), ['--', '-', 'file', 'pkg']);
    assert.deepEqual(values(argumentsWithoutFlags(cmd, ['long'])), ['--', '-', 'file', 'target', 'pkg']);
  });
});

describe('shellAt, hasPipefailOption, isNonPosixShell', () => {
  it('finds the SHELL in effect, inherited from a base stage', () => {
    const { model, context } = analyze('FROM a:1 AS base\nRUN x\nSHELL ["/bin/bash", "-c"]\nRUN y\nFROM base\nRUN z\nFROM a:1\nRUN w\n');
    const run = (n: number) => model.instructions.filter((i) => i.name === 'RUN')[n];
    assert.deepEqual(shellAt(model, context.scopes, run(0)).args, ['/bin/sh', '-c']);
    assert.deepEqual(shellAt(model, context.scopes, run(1)).args, ['/bin/bash', '-c']);
    assert.deepEqual(shellAt(model, context.scopes, run(2)).args, ['/bin/bash', '-c']);
    assert.deepEqual(shellAt(model, context.scopes, run(3)).args, ['/bin/sh', '-c']);
  });

  it('reads pipefail and non-POSIX shells as hadolint does', () => {
    assert.equal(hasPipefailOption(['/bin/bash', '-euxo', 'pipefail', '-c']), true);
    assert.equal(hasPipefailOption(['/bin/ash', '-o', 'pipefail', '-c']), true);
    assert.equal(hasPipefailOption(['/bin/sh', '-o', 'pipefail', '-c']), false);
    assert.equal(hasPipefailOption(['/bin/bash', '-c', 'pipefail']), false);
    assert.equal(isNonPosixShell(['C:\\Program Files\\PowerShell\\pwsh.exe', '-c']), true);
    assert.equal(isNonPosixShell(['cmd', '/S', '/C']), true);
    assert.equal(isNonPosixShell(['/bin/bash']), false);
  });
});

describe('plainCommandArgv', () => {
  it('gives the argv of commands that need no shell', () => {
    assert.deepEqual(plainCommandArgv(`nginx -g 'daemon off;'`), ['nginx', '-g', 'daemon off;']);
    assert.deepEqual(plainCommandArgv('exec "my app" a\\ b'), ['my app', 'a b']);
  });

  it('refuses anything the shell would change or interpret', () => {
    for (const text of ['echo $HOME', 'ls *.txt', 'a && b', 'a | b', 'a > f', 'A=1 b', 'a &', 'a # c', 'cd /x', 'echo ~/x', 'echo {a,b}', 'echo "x', 'exec', '']) {
      assert.equal(plainCommandArgv(text), undefined, text);
    }
  });
});

describe('mayMention (the test rules make before analyzing a RUN)', () => {
  // Each RUN spells `pip`, `update` or a pipe in a way the shell reads but plain text search would miss.
  const spelled = [
    "RUN p'i'p install flask",
    'RUN "p"ip install flask',
    'RUN p\\ip install flask',
    'RUN pi\\\n  p install flask',
    'RUN pi\\\n# a comment in the continuation\n  p install flask',
    'RUN <<EOF\npi\\\np install flask\nEOF',
    'RUN python3 -m pip install flask',
    'RUN ["pip3", "install", "flask"]',
    "RUN $'\\x70ip' install flask",
    "RUN apt-get up'da'te && apt-get install -y curl",
    'RUN curl -s x \\\n | sh',
    'ONBUILD RUN pip install flask',
  ];

  it('passes every RUN whose analysis names the word or has a pipe', () => {
    const { context, runs } = analyze(`FROM debian:12\n${spelled.join('\n')}\n`);
    for (const shell of runs) {
      const words = shell.commands.flatMap((c) => [c.name, ...c.args.map((a) => a.value)]);
      for (const text of ['pip', 'update']) {
        if (words.some((w) => w.includes(text))) assert.ok(mayMention(context, shell.instruction, text), `${text} in ${shell.instruction.original}`);
      }
      if (shell.pipelines.length) assert.ok(mayMention(context, shell.instruction, '|'), `pipe in ${shell.instruction.original}`);
    }
    assert.ok(runs.filter((r) => r.commands.some((c) => c.name.startsWith('pip') || c.args.some((a) => a.value === 'pip'))).length >= 8, 'the spellings reach the analysis as pip');
  });

  it('rules a RUN out when the word is nowhere in it', () => {
    const { context, model } = analyze('FROM debian:12\nRUN apt-get install -y curl\nRUN ["echo", "hi"]\nCOPY a b\n');
    const [run, exec, copy] = model.instructions.slice(1);
    assert.equal(mayMention(context, run, 'pip'), false);
    assert.equal(mayMention(context, run, '|'), false);
    assert.equal(mayMention(context, exec, 'pip'), false);
    assert.equal(mayMention(context, copy, 'curl'), false);
  });
});
