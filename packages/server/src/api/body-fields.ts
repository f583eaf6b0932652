import { OperationOutcomeError, badRequest } from '@medplum/core';

/** How a body reader refuses: a 400 naming the field (administration answers with its own codes). */
export type Refusal = (field: string, text: string, missing: boolean) => never;

/** The FHIR API's refusal: a 400 OperationOutcome whose issue names the field. */
export const badField: Refusal = (field, text) => {
  throw new OperationOutcomeError(badRequest(text, field));
};

function kindOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

/**
 * Reads a JSON request body field by field into a contract type. A body may be anything JSON
 * can say: a number, object or array where text belongs is a 400 naming the field, never an
 * exception deeper down. JSON `null` for an optional field means "not given".
 */
export class BodyFields {
  readonly body: Record<string, unknown>;

  constructor(
    body: unknown,
    private readonly refuse: Refusal = badField,
    private readonly prefix = '',
  ) {
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      refuse(prefix || 'body', `${prefix || 'The request body'} must be a JSON object`, !body);
    }
    this.body = body as Record<string, unknown>;
  }

  private name(field: string): string {
    return this.prefix ? `${this.prefix}.${field}` : field;
  }

  private absent(field: string, required: boolean): undefined {
    if (required) this.refuse(this.name(field), `${this.name(field)} is required`, true);
    return undefined;
  }

  /** A string field. */
  text(field: string, required: true): string;
  text(field: string, required?: boolean): string | undefined;
  text(field: string, required = false): string | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) return this.absent(field, required);
    if (typeof value !== 'string') {
      this.refuse(
        this.name(field),
        `${this.name(field)} must be a string (got ${kindOf(value)})`,
        false,
      );
    }
    return value;
  }

  /** A string that must be one of `allowed`. */
  oneOf<T extends string>(field: string, allowed: readonly T[], required: true): T;
  oneOf<T extends string>(field: string, allowed: readonly T[], required?: boolean): T | undefined;
  oneOf<T extends string>(field: string, allowed: readonly T[], required = false): T | undefined {
    const value = this.text(field, required);
    if (value !== undefined && !(allowed as readonly string[]).includes(value)) {
      this.refuse(
        this.name(field),
        `${this.name(field)} must be one of ${allowed.join(', ')}`,
        false,
      );
    }
    return value as T | undefined;
  }

  /** An array of strings. */
  texts(field: string, required: true): string[];
  texts(field: string, required?: boolean): string[] | undefined;
  texts(field: string, required = false): string[] | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) return this.absent(field, required);
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
      this.refuse(this.name(field), `${this.name(field)} must be an array of strings`, false);
    }
    return value;
  }

  /** A finite JSON number. */
  number(field: string, required: true): number;
  number(field: string, required?: boolean): number | undefined;
  number(field: string, required = false): number | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) return this.absent(field, required);
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.refuse(
        this.name(field),
        `${this.name(field)} must be a number (got ${kindOf(value)})`,
        false,
      );
    }
    return value;
  }

  /** true or false. */
  flag(field: string): boolean | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') {
      this.refuse(this.name(field), `${this.name(field)} must be true or false`, false);
    }
    return value;
  }

  /** A nested object, read with the same rules (its fields named `field.x`). */
  object(field: string): BodyFields | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) return undefined;
    return new BodyFields(value, this.refuse, this.name(field));
  }

  /** An array of objects, each read with the same rules (`field[i].x`). */
  objects(field: string): BodyFields[] | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) {
      this.refuse(this.name(field), `${this.name(field)} must be an array of objects`, false);
    }
    return value.map((item, i) => new BodyFields(item, this.refuse, `${this.name(field)}[${i}]`));
  }
}

/** The fields that are present, the absent ones left out (for `exactOptionalPropertyTypes`). */
export function present<T extends Record<string, unknown>>(
  fields: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
