/**
 * BuildKit's build checks under BuildKit's names, one module per check, in the order of
 * BuildKit's rule set. They honour `# check=skip=...`; InvalidDefinitionDescription is
 * experimental in BuildKit and runs only when `# check=experimental=...` enables it.
 */
import { BuildkitRule } from './buildkitRule';
import { consistentInstructionCasing } from './consistentInstructionCasing';
import { copyIgnoredFile } from './copyIgnoredFile';
import { duplicateStageName } from './duplicateStageName';
import { exposeInvalidFormat } from './exposeInvalidFormat';
import { exposeProtoCasing } from './exposeProtoCasing';
import { fromAsCasing } from './fromAsCasing';
import { fromPlatformFlagConstDisallowed } from './fromPlatformFlagConstDisallowed';
import { invalidBaseImagePlatform } from './invalidBaseImagePlatform';
import { invalidDefaultArgInFrom } from './invalidDefaultArgInFrom';
import { invalidDefinitionDescription } from './invalidDefinitionDescription';
import { jsonArgsRecommended } from './jsonArgsRecommended';
import { legacyKeyValueFormat } from './legacyKeyValueFormat';
import { maintainerDeprecated } from './maintainerDeprecated';
import { multipleInstructionsDisallowed } from './multipleInstructionsDisallowed';
import { noEmptyContinuation } from './noEmptyContinuation';
import { redundantTargetPlatform } from './redundantTargetPlatform';
import { reservedStageName } from './reservedStageName';
import { secretsUsedInArgOrEnv } from './secretsUsedInArgOrEnv';
import { stageNameCasing } from './stageNameCasing';
import { undefinedArgInFrom } from './undefinedArgInFrom';
import { undefinedVar } from './undefinedVar';
import { workdirRelativePath } from './workdirRelativePath';

export const buildkitRules: readonly BuildkitRule[] = [
  stageNameCasing,
  fromAsCasing,
  noEmptyContinuation,
  consistentInstructionCasing,
  duplicateStageName,
  reservedStageName,
  jsonArgsRecommended,
  maintainerDeprecated,
  undefinedArgInFrom,
  workdirRelativePath,
  undefinedVar,
  multipleInstructionsDisallowed,
  legacyKeyValueFormat,
  invalidBaseImagePlatform,
  redundantTargetPlatform,
  secretsUsedInArgOrEnv,
  invalidDefaultArgInFrom,
  fromPlatformFlagConstDisallowed,
  copyIgnoredFile,
  invalidDefinitionDescription,
  exposeProtoCasing,
  exposeInvalidFormat,
];
