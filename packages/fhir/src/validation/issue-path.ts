/**
 * The FHIRPath location of the value being visited, kept as a stack so the walk allocates nothing
 * per visited value; the string is only built when an issue is reported.
 */
export class IssuePath {
  private readonly parts: (string | number)[] = [];

  constructor(root: string) {
    this.parts.push(root);
  }

  /** Enters a child element (`gender`, `value.ofType(Quantity)`). */
  push(segment: string): void {
    this.parts.push(segment);
  }

  /** Enters the n-th item of a repeating element. */
  pushIndex(index: number): void {
    this.parts.push(index);
  }

  pop(): void {
    this.parts.pop();
  }

  /** The location with `suffix` appended, e.g. `Observation.component[1].code.coding[0].code`. */
  toString(suffix?: string): string {
    let out = '';
    for (const part of this.parts) {
      out += typeof part === 'number' ? `[${part}]` : out === '' ? part : `.${part}`;
    }
    return suffix ? `${out}.${suffix}` : out;
  }
}
