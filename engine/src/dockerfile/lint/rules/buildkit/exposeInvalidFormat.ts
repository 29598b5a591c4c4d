/**
 * ExposeInvalidFormat: `EXPOSE 127.0.0.1:80:80` or `EXPOSE 8080:80`, an address or host port in
 * EXPOSE. BuildKit exposes only the container port and drops the rest, so the fix (keeping the
 * container port and protocol) writes what the image gets anyway.
 */
import { BuildkitRule, ruleUrl } from './buildkitRule';
import { exposedPorts } from './exposedPorts';

export const exposeInvalidFormat: BuildkitRule = {
  id: 'ExposeInvalidFormat',
  locality: 'stage',
  category: 'buildkit',
  defaultSeverity: 'warning',
  description: 'IP address and host-port mapping should not be used in EXPOSE instruction. This will become an error in a future release',
  url: ruleUrl('expose-invalid-format'),
  fixable: true,
  check(context, report) {
    for (const instruction of context.model.instructions) {
      if (instruction.name !== 'EXPOSE' || instruction.stageIndex < 0) continue;
      for (const port of exposedPorts(context, instruction)) {
        if (!port.ip && !port.hostPort) continue;
        const containerPort = port.protocol ? `${port.port}/${port.protocol}` : port.port;
        report({
          range: port.range,
          message: `EXPOSE instruction should not define an IP address or host-port mapping, found '${port.raw}'`,
          instruction,
          fixes: port.literal ? [{ title: `Expose only ${containerPort}`, edits: [{ range: port.range, newText: containerPort }], preferred: true }] : [],
        });
      }
    }
  },
};
