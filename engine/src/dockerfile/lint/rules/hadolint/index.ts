/**
 * The hadolint rules, one module per rule, under hadolint's codes, messages and default
 * severities. Shell-aware rules read RUN scripts through `engine/src/dockerfile/shell/`.
 * DL3026 is quiet unless the lint options name trusted registries.
 */
import { RuleWithOptions } from '../../lint';
import { dl3000 } from './dl3000';
import { dl3001 } from './dl3001';
import { dl3002 } from './dl3002';
import { dl3003 } from './dl3003';
import { dl3004 } from './dl3004';
import { dl3006 } from './dl3006';
import { dl3007 } from './dl3007';
import { dl3008 } from './dl3008';
import { dl3009 } from './dl3009';
import { dl3013 } from './dl3013';
import { dl3014 } from './dl3014';
import { dl3015 } from './dl3015';
import { dl3016 } from './dl3016';
import { dl3018 } from './dl3018';
import { dl3019 } from './dl3019';
import { dl3020 } from './dl3020';
import { dl3021 } from './dl3021';
import { dl3022 } from './dl3022';
import { dl3023 } from './dl3023';
import { dl3024 } from './dl3024';
import { dl3025 } from './dl3025';
import { dl3026 } from './dl3026';
import { dl3027 } from './dl3027';
import { dl3042 } from './dl3042';
import { dl3047 } from './dl3047';
import { dl3059 } from './dl3059';
import { dl4000 } from './dl4000';
import { dl4003 } from './dl4003';
import { dl4004 } from './dl4004';
import { dl4005 } from './dl4005';
import { dl4006 } from './dl4006';

export const hadolintRules: readonly RuleWithOptions[] = [
  dl3000, dl3001, dl3002, dl3003, dl3004, dl3006, dl3007, dl3008, dl3009, dl3013, dl3014, dl3015, dl3016, dl3018,
  dl3019, dl3020, dl3021, dl3022, dl3023, dl3024, dl3025, dl3026, dl3027, dl3042, dl3047, dl3059, dl4000, dl4003,
  dl4004, dl4005, dl4006,
];
