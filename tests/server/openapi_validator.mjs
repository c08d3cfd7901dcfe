// Checks real responses against docs/openapi.json: the status must be one the operation
// documents, and a JSON body must match that response's schema (JSON Schema 2020-12, as
// OpenAPI 3.1 uses it, checked by ajv). Any integration test can use it:
//   const api = await OpenApiValidator.fromServer(base);
//   api.check('GET', '/api/v1/interviews/{interview_id}', await http(base, `/api/v1/interviews/${id}`, ...));
import assert from 'node:assert/strict';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const DOCUMENT_ID = 'openapi.json';

/** "/api/v1/interviews/{interview_id}" as a JSON pointer token. */
function pointerToken(text) {
  return text.replace(/~/g, '~0').replace(/\//g, '~1');
}

export class OpenApiValidator {
  /** The document the server at `base` serves. */
  static async fromServer(base) {
    const response = await fetch(`${base}/api/v1/openapi.json`, { headers: { connection: 'close' } });
    assert.equal(response.status, 200, 'GET /api/v1/openapi.json');
    return new OpenApiValidator(await response.json());
  }

  constructor(document) {
    this.document = document;
    // OpenAPI keeps keywords of its own (example, discriminator) inside schemas: not strict.
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
    addFormats(this.ajv);
    this.ajv.addSchema(document, DOCUMENT_ID);
    this.validators = new Map();
    /** "GET /path" of every operation a check has seen, for coverage assertions. */
    this.exercised = new Set();
  }

  /**
   * Every documented operation as "METHOD /path"; with `tags`, only those tagged with one of
   * them (each test file asserts that it exercised every operation of the tags it covers).
   */
  operations(tags = null) {
    const list = [];
    for (const [route, item] of Object.entries(this.document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (tags && !operation.tags?.some((tag) => tags.includes(tag))) continue;
        list.push(`${method.toUpperCase()} ${route}`);
      }
    }
    return list.sort();
  }

  /** Asserts that checks covered every operation of `tags`. */
  assertExercised(tags) {
    const missing = this.operations(tags).filter((operation) => !this.exercised.has(operation));
    assert.deepEqual(missing, [], `documented operations no test response was checked against: ${missing.join(', ')}`);
  }

  /** The documented response of `status`, with its $ref followed, and its pointer. */
  documentedResponse(method, route, status) {
    const operation = this.document.paths[route]?.[method.toLowerCase()];
    assert.ok(operation, `docs/openapi.json has no operation ${method} ${route}`);
    const key = operation.responses[String(status)] ? String(status) : (operation.responses.default ? 'default' : null);
    assert.ok(key, `${method} ${route} answered ${status}, which docs/openapi.json does not document ` +
      `(documented: ${Object.keys(operation.responses).join(', ')})`);
    let response = operation.responses[key];
    let pointer = `#/paths/${pointerToken(route)}/${method.toLowerCase()}/responses/${key}`;
    if (response.$ref) {
      pointer = response.$ref;
      response = response.$ref.slice(2).split('/').reduce((node, token) => node[token.replace(/~1/g, '/').replace(/~0/g, '~')], this.document);
    }
    return { response, pointer };
  }

  /**
   * Asserts that `answer` ({status, headers?, text, json}) is what the document says `method route`
   * answers. Returns the parsed body.
   */
  check(method, route, answer) {
    this.exercised.add(`${method.toUpperCase()} ${route}`);
    const { response, pointer } = this.documentedResponse(method, route, answer.status);
    const contentTypes = Object.keys(response.content ?? {});
    if (contentTypes.length === 0) {
      assert.equal(answer.text ?? '', '', `${method} ${route} ${answer.status} documents no body but one came`);
      return null;
    }
    const received = answer.headers?.get?.('content-type') ?? 'application/json';
    const mediaType = contentTypes.find((type) => received.startsWith(type));
    assert.ok(mediaType, `${method} ${route} ${answer.status} came as ${received}; documented: ${contentTypes.join(', ')}`);
    const schemaPointer = `${DOCUMENT_ID}${pointer}/content/${pointerToken(mediaType)}/schema`;
    let validate = this.validators.get(schemaPointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: schemaPointer });
      this.validators.set(schemaPointer, validate);
    }
    const body = mediaType === 'application/json' ? (answer.json ?? JSON.parse(answer.text)) : answer.text;
    if (!validate(body)) {
      const problems = validate.errors.map((e) => `${e.instancePath || '(body)'} ${e.message} ${JSON.stringify(e.params)}`);
      assert.fail(`${method} ${route} ${answer.status} does not match docs/openapi.json:\n  ${problems.join('\n  ')}\n` +
        `body: ${JSON.stringify(body).slice(0, 600)}`);
    }
    return body;
  }
}
