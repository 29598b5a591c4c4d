import { strict as assert } from 'node:assert';
import { CompletionItem, CompletionItemTag, InsertReplaceEdit, InsertTextFormat, MarkupContent, Range, TextEdit } from 'vscode-languageserver';
import { parseDockerfile } from '../../../engine/src/dockerfile/model';
import { RuleWithOptions } from '../../../engine/src/dockerfile/lint/lint';
import { computeCompletion, CompletionContext, ContextFiles, resolveCompletion } from '../../../server/src/completion';
import { FULL_CLIENT } from '../../../server/src/completion/items';

/** Completion at the `§` marker. */
function complete(marked: string, context: CompletionContext = {}): CompletionItem[] {
  const at = marked.indexOf('§');
  const model = parseDockerfile(marked.slice(0, at) + marked.slice(at + 1));
  return computeCompletion(model, model.lines.positionAt(at), context).items;
}

const labels = (items: CompletionItem[]) => items.map((i) => i.label);
const item = (items: CompletionItem[], label: string) => {
  const found = items.find((i) => i.label === label);
  assert.ok(found, `no item ${label} in ${JSON.stringify(labels(items))}`);
  return found;
};
const edit = (i: CompletionItem): { newText: string; range: Range } => {
  const e = i.textEdit as TextEdit | InsertReplaceEdit;
  return 'range' in e ? e : { newText: e.newText, range: e.insert };
};
const range = (sl: number, sc: number, el: number, ec: number): Range => ({ start: { line: sl, character: sc }, end: { line: el, character: ec } });

const rule = (id: string, category: RuleWithOptions['category'], experimental = false): RuleWithOptions => ({
  id, category, experimental, defaultSeverity: 'warning', description: `${id} description`, fixable: false, check: () => undefined,
});
const RULES = [rule('StageNameCasing', 'buildkit'), rule('JSONArgsRecommended', 'buildkit'), rule('InvalidDefinitionDescription', 'buildkit', true), rule('DL3006', 'hadolint'), rule('UnknownFlag', 'syntax')];

const FILES: Record<string, { name: string; directory: boolean }[]> = {
  '': [{ name: 'src', directory: true }, { name: 'node_modules', directory: true }, { name: 'package.json', directory: false }, { name: '.env', directory: false }],
  src: [{ name: 'main.ts', directory: false }, { name: 'secret.key', directory: false }],
};
const contextFiles: ContextFiles = { list: (dir) => FILES[dir], ignored: (path) => ['node_modules', '.env', 'src/secret.key'].includes(path) };

describe('computeCompletion', () => {
  describe('instructions', () => {
    it('offers only FROM (preselected) and ARG before the first FROM', () => {
      const items = complete('§');
      assert.deepEqual([...new Set(labels(items))], ['FROM', 'ARG']);
      assert.equal(items[0].preselect, true);
      assert.equal(edit(items[0]).newText, 'FROM ${1:image}');
      assert.equal(items[0].insertTextFormat, InsertTextFormat.Snippet);
    });

    it('offers every instruction as snippets after FROM, replacing what was typed', () => {
      const items = complete('FROM alpine\nRU§');
      assert.equal(new Set(labels(items)).size, 18);
      const run = items.filter((i) => i.label === 'RUN');
      assert.deepEqual(run.map((i) => edit(i).newText), ['RUN ${1:command}', 'RUN ["${1:executable}"${2:, "${3:param}"}]']);
      assert.deepEqual(edit(run[0]).range, range(1, 0, 1, 2));
      assert.deepEqual(run.map((i) => i.labelDetails?.detail), [' command', ' ["executable", "param"]']);
    });

    it('follows the casing most instructions are written in', () => {
      const items = complete('from alpine as build\nrun true\nCOPY a b\nwork§');
      assert.ok(labels(items).includes('workdir'));
      assert.equal(edit(item(items, 'healthcheck')).newText, 'healthcheck cmd ${1:command}');
      assert.ok(items.some((i) => edit(i).newText === 'from ${1:image} as ${2:name}'));
    });

    it('leaves FROM, MAINTAINER and ONBUILD out after ONBUILD', () => {
      const items = complete('FROM alpine\nONBUILD §');
      assert.ok(!labels(items).some((l) => ['FROM', 'MAINTAINER', 'ONBUILD'].includes(l)));
      assert.deepEqual(edit(item(items, 'COPY')).range, range(1, 8, 1, 8));
    });

    it('replaces only the keyword when arguments follow it', () => {
      const items = complete('FROM alpine\nCO§ a b');
      assert.equal(edit(item(items, 'COPY')).newText, 'COPY');
      assert.equal(items.filter((i) => i.label === 'COPY').length, 1);
    });

    it('marks MAINTAINER deprecated and documents items on resolve', () => {
      const items = complete('FROM alpine\n§');
      assert.deepEqual(item(items, 'MAINTAINER').tags, [CompletionItemTag.Deprecated]);
      const doc = resolveCompletion(item(items, 'COPY')).documentation as MarkupContent;
      assert.equal(doc.kind, 'markdown');
      assert.match(doc.value, /\*\*COPY\*\*/);
      assert.match(doc.value, /https:\/\/docs\.docker\.com\/reference\/dockerfile\/#copy/);
    });

    it('inserts plain keywords for clients without snippets', () => {
      const items = complete('FROM alpine\n§', { client: { ...FULL_CLIENT, snippets: false } });
      assert.equal(edit(item(items, 'COPY')).newText, 'COPY');
      assert.equal(item(items, 'COPY').insertTextFormat, InsertTextFormat.PlainText);
    });
  });

  describe('flags', () => {
    it('offers the instruction\'s flags after --, not those already given', () => {
      const items = complete('FROM alpine\nCOPY --link --§');
      assert.deepEqual(labels(items), ['--from', '--chmod', '--chown', '--parents', '--exclude']);
      assert.deepEqual(edit(item(items, '--from')).range, range(1, 12, 1, 14));
      assert.equal(edit(item(items, '--from')).newText, '--from=');
      assert.equal(item(items, '--from').command?.command, 'editor.action.triggerSuggest');
      assert.equal(edit(item(items, '--chown')).newText, '--chown=${1:user:group}');
    });

    it('offers repeatable flags again', () => {
      assert.ok(labels(complete('FROM alpine\nRUN --mount=type=cache,target=/a --§')).includes('--mount'));
    });

    it('offers no flags once the arguments have started', () => {
      assert.deepEqual(complete('FROM alpine\nCOPY a --§'), []);
    });

    it('puts ranges on the continued line, with \\ and with the backtick escape', () => {
      const back = complete('FROM alpine\nRUN --mount=type=cache,target=/a \\\n    --net§');
      assert.deepEqual(edit(item(back, '--network')).range, range(2, 4, 2, 9));
      const tick = complete('# escape=`\nFROM alpine\nRUN --network=none `\n  # a comment inside\n    --secu§ ls');
      assert.deepEqual(edit(item(tick, '--security')).range, range(4, 4, 4, 10));
    });

    it('completes enumerated values after =', () => {
      const items = complete('FROM alpine\nRUN --network=§');
      assert.deepEqual(labels(items), ['default', 'none', 'host']);
      assert.deepEqual(edit(items[1]).range, range(1, 14, 1, 14));
      assert.deepEqual(labels(complete('FROM alpine\nRUN --security=in§')), ['sandbox', 'insecure']);
      assert.deepEqual(labels(complete('FROM alpine\nCOPY --link=§')), ['true', 'false']);
    });

    it('offers platforms with $BUILDPLATFORM for FROM --platform', () => {
      const items = complete('FROM --platform=§');
      assert.deepEqual(labels(items).slice(0, 4), ['$BUILDPLATFORM', '$TARGETPLATFORM', 'linux/amd64', 'linux/arm64']);
    });

    it('offers durations for HEALTHCHECK timing flags', () => {
      assert.ok(labels(complete('FROM alpine\nHEALTHCHECK --interval=§')).includes('30s'));
    });
  });

  describe('RUN --mount', () => {
    it('offers type= first, then the keys of the mount type', () => {
      const start = complete('FROM alpine\nRUN --mount=§');
      assert.equal(start[0].label, 'type');
      assert.equal(edit(start[0]).newText, 'type=');
      const cache = labels(complete('FROM alpine\nRUN --mount=type=cache,§'));
      assert.ok(['id', 'target', 'sharing', 'from', 'mode'].every((k) => cache.includes(k)));
      assert.ok(!cache.includes('type') && !cache.includes('required') && !cache.includes('size'));
      const secret = labels(complete('FROM alpine\nRUN --mount=type=secret,id=npm,§'));
      assert.ok(secret.includes('env') && secret.includes('required') && !secret.includes('id') && !secret.includes('sharing'));
    });

    it('offers mount types, sharing modes and cache directories as values', () => {
      const types = complete('FROM alpine\nRUN --mount=type=§');
      assert.deepEqual(labels(types), ['bind', 'cache', 'tmpfs', 'secret', 'ssh']);
      assert.deepEqual(edit(types[0]).range, range(1, 17, 1, 17));
      assert.deepEqual(labels(complete('FROM alpine\nRUN --mount=type=cache,sharing=§')), ['shared', 'private', 'locked']);
      assert.ok(labels(complete('FROM alpine\nRUN --mount=type=cache,target=§')).includes('/root/.cache/pip'));
    });

    it('offers earlier stages for from=', () => {
      const items = complete('FROM alpine AS deps\nFROM alpine\nRUN --mount=from=§');
      assert.deepEqual(labels(items), ['deps']);
    });
  });

  describe('stages and images', () => {
    const images = { imageTags: () => ['alpine:3.20', 'debian:12-slim'] };

    it('offers earlier stages (and indexes of unnamed ones) for COPY --from', () => {
      const items = complete('FROM alpine AS build\nFROM alpine\nFROM alpine AS final\nCOPY --from=§\nFROM alpine AS later', { images });
      assert.deepEqual(labels(items), ['build', '1', 'alpine:3.20', 'debian:12-slim']);
      assert.match(item(items, 'build').detail ?? '', /stage 0 \(line 1\): FROM alpine/);
    });

    it('offers earlier stage names, scratch and local images for FROM, then AS', () => {
      const items = complete('FROM golang AS build\nFROM §', { images });
      assert.deepEqual(labels(items).slice(0, 4), ['build', 'scratch', 'alpine:3.20', 'debian:12-slim']);
      assert.ok(labels(items).includes('--platform'));
      const as = complete('FROM golang AS build\nFROM build §');
      assert.deepEqual(labels(as), ['AS']);
      assert.equal(edit(as[0]).newText, 'AS ${1:name}');
    });
  });

  describe('variables', () => {
    const file = 'ARG GLOBAL=g\nFROM alpine AS base\nARG VERSION=1.2\nENV HOME_DIR=/opt/$VERSION\n';

    it('offers what a RUN sees: stage ARGs, ENVs, the base environment and proxy ARGs', () => {
      const items = complete(file + 'RUN echo $§');
      const names = labels(items);
      assert.ok(['VERSION', 'HOME_DIR', 'PATH', 'HTTP_PROXY'].every((n) => names.includes(n)));
      assert.ok(!names.includes('GLOBAL') && !names.includes('TARGETARCH'), 'global and automatic ARGs are not in a stage unless declared');
      assert.equal(item(items, 'HOME_DIR').detail, 'ENV (line 4) = /opt/1.2');
      assert.equal(item(items, 'VERSION').detail, 'ARG (line 3) = 1.2');
      assert.deepEqual(edit(item(items, 'VERSION')).range, range(4, 10, 4, 10));
    });

    it('offers global and automatic ARGs on FROM lines', () => {
      const names = labels(complete('ARG GLOBAL=g\nFROM $§'));
      assert.ok(names.includes('GLOBAL') && names.includes('BUILDPLATFORM') && !names.includes('PATH'));
    });

    it('offers only the environment to CMD (ARGs do not reach the container)', () => {
      const names = labels(complete(file + 'CMD echo ${§}'));
      assert.ok(names.includes('HOME_DIR') && !names.includes('VERSION') && !names.includes('HTTP_PROXY'));
    });

    it('closes ${ unless a brace follows', () => {
      assert.equal(edit(item(complete(file + 'WORKDIR ${HO§'), 'HOME_DIR')).newText, 'HOME_DIR}');
      assert.equal(edit(item(complete(file + 'WORKDIR ${HO§}'), 'HOME_DIR')).newText, 'HOME_DIR');
      assert.deepEqual(edit(item(complete(file + 'WORKDIR ${HO§'), 'HOME_DIR')).range, range(4, 10, 4, 12));
    });

    it('offers nothing after an escaped $ or inside single quotes', () => {
      assert.deepEqual(complete(file + 'RUN echo \\$§'), []);
      assert.deepEqual(complete(file + "RUN echo '$§"), []);
    });

    it('sees names declared earlier on the same ARG line', () => {
      const items = complete('FROM alpine\nARG A=1 B=$§');
      assert.equal(item(items, 'A').detail, 'ARG (line 2) = 1');
    });

    it('sees the ENV and ARG values of the stage a stage is built from, as BuildKit does', () => {
      const names = labels(complete('FROM alpine AS base\nENV TOOL=/t\nARG INHERITED=x\nFROM base\nRUN $§'));
      assert.ok(names.includes('TOOL') && names.includes('INHERITED'));
    });

    it('completes in heredoc bodies that expand, not in quoted ones', () => {
      assert.ok(labels(complete(file + 'RUN <<EOF\necho $§\nEOF')).includes('VERSION'));
      assert.deepEqual(complete(file + "RUN <<'EOF'\necho $§\nEOF"), []);
    });
  });

  describe('paths', () => {
    it('lists context files without what .dockerignore excludes', () => {
      const items = complete('FROM alpine\nCOPY §', { contextFiles });
      assert.deepEqual(labels(items), ['src/', 'package.json', '--from', '--chmod', '--chown', '--link', '--parents', '--exclude']);
      assert.equal(edit(item(items, '--exclude')).newText, '--exclude=');
      assert.equal(item(items, 'src/').command?.command, 'editor.action.triggerSuggest');
      const sub = complete('FROM alpine\nCOPY ./src/ma§', { contextFiles });
      assert.deepEqual(labels(sub), ['main.ts']);
      assert.deepEqual(edit(sub[0]).range, range(1, 11, 1, 13));
    });

    it('keeps the quotes of the JSON form and lists context paths for --exclude', () => {
      const items = complete('FROM alpine\nWORKDIR /app\nCOPY ["a b.txt", "/ap§', { contextFiles });
      assert.deepEqual(edit(item(items, '/app/')).range, range(2, 18, 2, 21));
      assert.deepEqual(labels(complete('FROM alpine\nCOPY --exclude=src/§', { contextFiles })), ['main.ts']);
    });

    it('lists no context files when copying from a stage', () => {
      assert.deepEqual(labels(complete('FROM alpine AS a\nFROM alpine\nCOPY --from=a §', { contextFiles })), ['--chmod', '--chown', '--link', '--parents', '--exclude']);
    });

    it('offers the WORKDIR chain as destinations, resolved and inherited', () => {
      const items = complete('FROM alpine AS base\nARG APP=app\nWORKDIR /srv\nWORKDIR $APP\nFROM base\nWORKDIR data\nCOPY a.txt §', { contextFiles });
      assert.deepEqual(labels(items).slice(0, 5), ['/srv/app/data/', './', '/srv/', '/srv/app/', 'src/']);
      assert.equal(item(items, './').detail, 'current WORKDIR (/srv/app/data)');
    });

    it('offers the WORKDIR chain for WORKDIR itself', () => {
      assert.deepEqual(labels(complete('FROM alpine\nWORKDIR /app\nWORKDIR §')), ['/app/', './']);
    });
  });

  describe('arguments', () => {
    it('offers CMD and NONE after HEALTHCHECK flags', () => {
      const items = complete('FROM alpine\nHEALTHCHECK --interval=5s §');
      assert.deepEqual(labels(items).slice(0, 2), ['CMD', 'NONE']);
      assert.ok(!labels(items).includes('--interval') && labels(items).includes('--timeout'));
    });

    it('offers signals, shells, protocols and label keys', () => {
      assert.equal(complete('FROM alpine\nSTOPSIGNAL §')[0].label, 'SIGTERM');
      assert.ok(labels(complete('FROM alpine\nSHELL §')).includes('["/bin/bash", "-o", "pipefail", "-c"]'));
      assert.deepEqual(labels(complete('FROM alpine\nEXPOSE 8080§')), ['8080/tcp', '8080/udp']);
      const label = item(complete('FROM alpine\nLABEL org.opencontainers.image.t§'), 'org.opencontainers.image.title');
      assert.equal(edit(label).newText, 'org.opencontainers.image.title="${1}"');
    });

    it('offers global and platform ARGs to declare in a stage, not in the global scope', () => {
      const items = complete('ARG BASE=alpine\nFROM $BASE\nARG VERSION\nARG §');
      assert.ok(labels(items).includes('BASE') && labels(items).includes('TARGETARCH') && !labels(items).includes('VERSION'));
      assert.deepEqual(complete('ARG A=1\nARG §\nFROM alpine'), []);
    });
  });

  describe('comments', () => {
    it('offers parser directives at the top, each once', () => {
      const items = complete('# syntax=docker/dockerfile:1\n# §\nFROM alpine');
      assert.deepEqual(labels(items), ['escape', 'check']);
      assert.equal(edit(items[0]).newText, 'escape=');
      assert.deepEqual(labels(complete('# escape=§')), ['\\', '`']);
    });

    it('offers BuildKit check names from the rule registry in check=skip=', () => {
      const items = complete('# check=skip=StageNameCasing,§\nFROM alpine', { rules: RULES });
      assert.deepEqual(labels(items), ['all', 'JSONArgsRecommended', 'InvalidDefinitionDescription']);
      assert.deepEqual(labels(complete('# check=experimental=§', { rules: RULES })), ['all', 'InvalidDefinitionDescription']);
      assert.deepEqual(labels(complete('# check=skip=A;§', { rules: RULES })), ['error', 'experimental']);
    });

    it('offers rule ids in suppression comments above instructions', () => {
      assert.deepEqual(labels(complete('FROM alpine\n# hadolint ignore=§\nRUN x', { rules: RULES })), ['DL3006']);
      assert.deepEqual(labels(complete('FROM alpine\n# check=skip=§\nRUN x', { rules: RULES })), ['all', 'StageNameCasing', 'JSONArgsRecommended', 'InvalidDefinitionDescription']);
      assert.deepEqual(labels(complete('FROM alpine\n# berth ignore=Unk§\nRUN x', { rules: RULES })).length, 5);
      assert.deepEqual(labels(complete('FROM alpine\n# hado§')), ['check=skip=', 'hadolint ignore=', 'berth ignore=']);
    });

    it('offers no directives once an instruction was seen', () => {
      assert.deepEqual(complete('FROM alpine\n# sy§', { rules: RULES }).filter((i) => i.label === 'syntax'), []);
    });
  });

  it('gives insert/replace edits that overwrite the rest of the word', () => {
    const items = complete('FROM alpine\nRUN --network=no§ne true');
    const e = item(items, 'none').textEdit as InsertReplaceEdit;
    assert.deepEqual(e.insert, range(1, 14, 1, 16));
    assert.deepEqual(e.replace, range(1, 14, 1, 18));
  });
});
