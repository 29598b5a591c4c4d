/**
 * ExposeProtoCasing: `EXPOSE 80/TCP`, a protocol not in lower case. BuildKit lower-cases it
 * anyway, so the fix (lower-casing it in place) changes nothing in the image.
 */
import { BuildkitRule, ruleUrl } from './buildkitRule';
import { exposedPorts } from './exposedPorts';

export const exposeProtoCasing: BuildkitRule = {
  id: 'ExposeProtoCasing',
  locality: 'stage',
  category: 'buildkit',
  defaultSeverity: 'warning',
  description: 'Protocol in EXPOSE instruction should be lowercase',
  url: ruleUrl('expose-proto-casing'),
  fixable: true,
  check(context, report) {
    for (const instruction of context.model.instructions) {
      if (instruction.name !== 'EXPOSE' || instruction.stageIndex < 0) continue;
      for (const port of exposedPorts(context, instruction)) {
        if (port.protocol === port.protocol.toLowerCase()) continue;
        const start = port.range.end.character - port.protocol.length;
        const protocolRange = { start: { line: port.range.end.line, character: start }, end: port.range.end };
        report({
          range: port.range,
          message: `Defined protocol '${port.raw}' in EXPOSE instruction should be lowercase`,
          instruction,
          fixes: port.literal && port.range.start.line === port.range.end.line ? [{ title: `Change to '${port.protocol.toLowerCase()}'`, edits: [{ range: protocolRange, newText: port.protocol.toLowerCase() }], preferred: true }] : [],
        });
      }
    }
  },
};
