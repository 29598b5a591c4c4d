/**
 * SecretsUsedInArgOrEnv: an ARG or ENV of a stage whose name reads like a secret: one of
 * BuildKit's tokens (apikey, auth, credential(s), key, password, pword, passwd, secret, token)
 * as the whole name or as an `_`-separated part of it, unless a part says it is not the secret
 * itself (public, file, version: `PUBLIC_KEY`, `PASSWORD_FILE`, `AUTH_VERSION`). Case does not
 * matter. ARGs before the first FROM are not checked, as in BuildKit (they do not reach the
 * image). No quick fix: the remedy is a secret mount, which also changes how the build is run.
 */
import { Instruction, Word } from '../../../model';
import { argDeclarations } from '../../../scope';
import { keyValuePairs } from '../../../keyValues';
import { quoteGo } from '../../../lineParsers';
import { BuildkitRule, ruleUrl } from './buildkitRule';

const SECRET = /(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)/i;
const NOT_SECRET = /(?:_|^)(?:public|file|version)(?:_|$)/i;

export const secretsUsedInArgOrEnv: BuildkitRule = {
  id: 'SecretsUsedInArgOrEnv',
  locality: 'instruction',
  category: 'buildkit',
  defaultSeverity: 'warning',
  description: 'Sensitive data should not be used in the ARG or ENV commands',
  url: ruleUrl('secrets-used-in-arg-or-env'),
  fixable: false,
  check(context, report) {
    for (const stage of context.model.stages) {
      for (const instruction of stage.instructions) {
        for (const key of keysOf(instruction)) {
          if (!SECRET.test(key.value) || NOT_SECRET.test(key.value)) continue;
          report({
            range: key.range,
            message: `Do not use ARG or ENV instructions for sensitive data (${instruction.name} ${quoteGo(key.value)})`,
            instruction,
          });
        }
      }
    }
  },
};

function keysOf(instruction: Instruction): Word[] {
  if (instruction.name === 'ARG') return argDeclarations(instruction).map((d) => d.nameWord);
  if (instruction.name === 'ENV') return keyValuePairs(instruction).map((p) => p.key);
  return [];
}
