/**
 * The syntax rules describe what Docker's Dockerfile frontend (BuildKit's dockerfile2llb) accepts.
 * A `# syntax=` directive can hand the file to another frontend with its own language (extra
 * instructions, other flags), where these rules would report errors the build does not have; they
 * then stay silent. Any version of docker/dockerfile or docker/dockerfile-upstream is this frontend.
 */
import { DockerfileModel } from '../../../model';
import { RuleWithOptions } from '../../lint';

const DOCKERFILE_FRONTEND = /^(?:docker\.io\/)?docker\/dockerfile(?:-upstream)?(?::[\w][\w.-]*)?(?:@sha256:[0-9a-f]{64})?$/;

export function usesDockerfileFrontend(model: DockerfileModel): boolean {
  const syntax = model.directives.find((d) => d.name === 'syntax');
  return !syntax || DOCKERFILE_FRONTEND.test(syntax.value.split(' ')[0]);
}

/** The rule, silent when the file selects another frontend. */
export function dockerfileFrontendOnly(rule: RuleWithOptions): RuleWithOptions {
  return {
    ...rule,
    check(context, report) {
      if (usesDockerfileFrontend(context.model)) rule.check(context, report);
    },
  };
}
