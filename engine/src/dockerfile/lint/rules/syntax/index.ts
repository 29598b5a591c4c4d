/**
 * The syntax rules: everything the builder (BuildKit) refuses, one module per rule. They run on
 * every keystroke, so they share per-model results (checkedInstructions, stageReferences) rather
 * than re-parsing. They speak for Docker's Dockerfile frontend only (dockerfileFrontendOnly).
 */
import { RuleWithOptions } from '../../lint';
import { argumentCount } from './argumentCount';
import { circularStageDependency } from './circularStageDependency';
import { dockerfileFrontendOnly } from './dockerfileFrontendOnly';
import { copyRemoteSource } from './copyRemoteSource';
import { duplicateDirective } from './duplicateDirective';
import { duplicateFlag } from './duplicateFlag';
import { emptyVolume } from './emptyVolume';
import { flagValueMissing } from './flagValueMissing';
import { invalidCheckDirective } from './invalidCheckDirective';
import { invalidChecksum } from './invalidChecksum';
import { invalidDuration } from './invalidDuration';
import { invalidEscapeDirective } from './invalidEscapeDirective';
import { invalidExpansion } from './invalidExpansion';
import { invalidFlagValue } from './invalidFlagValue';
import { invalidHealthcheckType } from './invalidHealthcheckType';
import { invalidHeredoc } from './invalidHeredoc';
import { invalidImageReference } from './invalidImageReference';
import { invalidKeyValue } from './invalidKeyValue';
import { invalidMount } from './invalidMount';
import { invalidOnbuildTrigger } from './invalidOnbuildTrigger';
import { invalidPlatform } from './invalidPlatform';
import { invalidPort } from './invalidPort';
import { invalidSignal } from './invalidSignal';
import { invalidStageName } from './invalidStageName';
import { invalidStageReference } from './invalidStageReference';
import { jsonArrayNotStrings } from './jsonArrayNotStrings';
import { labsOnlyFlag } from './labsOnlyFlag';
import { lineTooLong } from './lineTooLong';
import { noBuildStage } from './noBuildStage';
import { parseError } from './parseError';
import { shellNotJson } from './shellNotJson';
import { unknownFlag } from './unknownFlag';
import { unknownInstruction } from './unknownInstruction';

export const syntaxRules: readonly RuleWithOptions[] = ([
  // The file and its parser directives.
  noBuildStage,
  lineTooLong,
  invalidEscapeDirective,
  duplicateDirective,
  invalidCheckDirective,
  parseError,
  // Instructions and their arguments.
  unknownInstruction,
  argumentCount,
  invalidKeyValue,
  jsonArrayNotStrings,
  invalidHeredoc,
  invalidExpansion,
  shellNotJson,
  invalidOnbuildTrigger,
  invalidHealthcheckType,
  emptyVolume,
  // Flags and their values.
  unknownFlag,
  duplicateFlag,
  flagValueMissing,
  invalidFlagValue,
  invalidDuration,
  invalidMount,
  invalidChecksum,
  labsOnlyFlag,
  // Values checked when the build dispatches the instruction.
  invalidPort,
  invalidSignal,
  invalidPlatform,
  copyRemoteSource,
  // Stages and references between them.
  invalidStageName,
  invalidImageReference,
  invalidStageReference,
  circularStageDependency,
] satisfies RuleWithOptions[]).map(dockerfileFrontendOnly);
