/**
 * ArgumentCount: the number of arguments BuildKit's instruction parser requires: COPY and ADD at
 * least a source and a destination, FROM one or three (`image AS name`), WORKDIR, USER,
 * STOPSIGNAL and MAINTAINER exactly one, HEALTHCHECK NONE nothing after NONE and HEALTHCHECK CMD a
 * command, and ENV, LABEL, ARG, EXPOSE, VOLUME, SHELL, ONBUILD, HEALTHCHECK at least one. CMD,
 * ENTRYPOINT and RUN accept none. Quick fix: drop what follows HEALTHCHECK NONE.
 */
import { Instruction } from '../../../model';
import { Range } from '../../../text';
import { RuleWithOptions } from '../../lint';
import { Fix } from '../../rule';
import { checkedInstructions } from './checkedInstructions';

const AT_LEAST_ONE = new Set(['ENV', 'LABEL', 'ARG', 'EXPOSE', 'VOLUME', 'SHELL', 'HEALTHCHECK']);
const EXACTLY_ONE = new Set(['MAINTAINER', 'WORKDIR', 'USER', 'STOPSIGNAL']);

interface CountProblem {
  readonly range: Range;
  readonly message: string;
  readonly fixes?: Fix[];
}

export const argumentCount: RuleWithOptions = {
  id: 'ArgumentCount',
  locality: 'instruction',
  category: 'syntax',
  defaultSeverity: 'error',
  description: 'The instruction has too few or too many arguments.',
  fixable: true,
  check({ model }, report) {
    for (const { instruction, owner } of checkedInstructions(model)) {
      if (instruction.parseErrors.length) continue;
      const problem = countProblem(instruction);
      if (problem) report({ ...problem, instruction: owner });
    }
  },
};

function countProblem(instruction: Instruction): CountProblem | undefined {
  const { name, args, keyword } = instruction;
  const here = keyword.range;
  if (name === 'COPY' || name === 'ADD') {
    if (args.length >= 2) return undefined;
    return {
      range: args.length ? args[0].range : here,
      message: `${name} requires at least two arguments, but only one was provided. Destination could not be determined`,
    };
  }
  if (name === 'FROM') return fromProblem(instruction);
  if (name === 'ONBUILD') return instruction.trigger ? undefined : { range: here, message: 'ONBUILD requires at least one argument' };
  if (name === 'HEALTHCHECK' && args.length) return healthcheckProblem(instruction);
  if (AT_LEAST_ONE.has(name) && !args.length) return { range: here, message: `${name} requires at least one argument` };
  if (EXACTLY_ONE.has(name) && args.length !== 1) return { range: here, message: `${name} requires exactly one argument` };
  return undefined;
}

function fromProblem(instruction: Instruction): CountProblem | undefined {
  const args = instruction.args;
  if (args.length === 1 || (args.length === 3 && args[1].value.toLowerCase() === 'as')) return undefined;
  const message = 'FROM requires either one or three arguments';
  if (!args.length) return { range: instruction.keyword.range, message: `${message} (write FROM <image> [AS <name>])` };
  const range = { start: args[1].range.start, end: args[args.length - 1].range.end };
  if (args.length === 3) return { range: args[1].range, message: `${message} (the second argument must be AS, not ${args[1].value})` };
  if (args.length === 2 && args[1].value.toLowerCase() === 'as') return { range: args[1].range, message: `${message} (AS needs a stage name after it)` };
  return { range, message: `${message} (write FROM <image> [AS <name>])` };
}

function healthcheckProblem(instruction: Instruction): CountProblem | undefined {
  const args = instruction.args;
  const type = args[0].value.toUpperCase();
  if (type === 'NONE' && args.length > 1) {
    const last = args[args.length - 1];
    return {
      range: { start: args[1].range.start, end: last.range.end },
      message: 'HEALTHCHECK NONE takes no arguments',
      fixes: [{ title: 'Remove the arguments after NONE', edits: [{ range: { start: args[0].range.end, end: restEnd(instruction) }, newText: '' }], preferred: true }],
    };
  }
  if (type === 'CMD' && args.length === 1) return { range: args[0].range, message: 'Missing command after HEALTHCHECK CMD' };
  return undefined;
}

function restEnd(instruction: Instruction) {
  return instruction.rest.range.end;
}
