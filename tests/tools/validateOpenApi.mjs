/* global process */
// Validates an OpenAPI document read from stdin; prints the validator's JSON result.
// A separate ESM process: the validator ships as ESM only, and jest runs tests as CommonJS.
import { Validator } from '@seriousme/openapi-schema-validator';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const result = await new Validator().validate(JSON.parse(input));
process.stdout.write(JSON.stringify(result));
