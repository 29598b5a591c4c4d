import * as assert from 'node:assert/strict';
import { compileTemplate } from '../../../engine/src/cli/goTemplate';
import { renderDocument, renderListing } from '../../../engine/src/cli/formatOutput';
import { formatTable } from '../../../engine/src/cli/tableWriter';

describe('compileTemplate', () => {
  const row = { Repository: 'alpine', Tag: '3.20', Names: ['a', 'b'], Config: { Cmd: ['/bin/sh'], Labels: null }, Size: 12 };

  it('renders fields, nested fields and the functions docker users write', () => {
    assert.equal(compileTemplate('{{.Repository}}:{{.Tag}}').render(row), 'alpine:3.20');
    assert.equal(compileTemplate('{{json .Config.Cmd}} {{.Config.Cmd}}').render(row), '["/bin/sh"] [/bin/sh]');
    assert.equal(compileTemplate('{{json .}}').render({ a: 1 }), '{"a":1}');
    assert.equal(compileTemplate('{{upper .Repository}} {{lower "X"}} {{join .Names ", "}}').render(row), 'ALPINE x a, b');
    assert.equal(compileTemplate('{{printf "%s=%d" .Tag .Size}}').render(row), '3.20=12');
    assert.equal(compileTemplate('{{ .Config.Labels }}').render(row), '<nil>');
    assert.equal(compileTemplate('{{.Repository}}\\t{{.Tag}}').render(row), 'alpine\t3.20');
  });

  it('names what it cannot evaluate instead of printing blanks', () => {
    assert.throws(() => compileTemplate('{{.Nope}}').render(row), /can't evaluate field Nope/);
    assert.throws(() => compileTemplate('{{frobnicate .Tag}}').render(row), /function "frobnicate" not defined/);
    assert.throws(() => compileTemplate('{{range .Names}}x{{end}}'), /control structures are not supported/);
  });
});

describe('renderListing / formatTable', () => {
  const rows = [{ Repository: 'alpine', Tag: '3.20', ID: 'abc' }, { Repository: 'localhost:5000/team/app', Tag: '1', ID: 'def' }];
  const listing = { defaultTemplate: '{{.Repository}}\t{{.Tag}}\t{{.ID}}', headers: { Repository: 'REPOSITORY', Tag: 'TAG', ID: 'IMAGE ID' } };

  it("aligns columns like docker's tabwriter (padding 3, minimum width 10)", () => {
    assert.equal(formatTable([['A', 'B', 'C'], ['longer value', 'x', 'y']]), 'A              B         C\nlonger value   x         y\n');
    assert.equal(renderListing(undefined, rows, listing), [
      'REPOSITORY                TAG       IMAGE ID',
      'alpine                    3.20      abc',
      'localhost:5000/team/app   1         def', ''].join('\n'));
  });

  it('prints JSON lines for --format json, plain template lines, and tables with chosen columns', () => {
    assert.equal(renderListing('json', rows, listing), `${JSON.stringify(rows[0])}\n${JSON.stringify(rows[1])}\n`);
    assert.equal(renderListing('{{.Repository}}:{{.Tag}}', rows, listing), 'alpine:3.20\nlocalhost:5000/team/app:1\n');
    assert.equal(renderListing('table {{.ID}}\t{{.Tag}}', rows, listing), 'IMAGE ID   TAG\nabc        3.20\ndef        1\n');
  });

  it('renders single documents as indented JSON unless a template is given', () => {
    assert.equal(renderDocument(undefined, [{ a: 1 }]), '[\n    {\n        "a": 1\n    }\n]\n');
    assert.equal(renderDocument('{{.a}}', { a: 1 }), '1\n');
  });
});
