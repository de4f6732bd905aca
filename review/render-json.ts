/** The review as JSON: the canonical form (schema/review.schema.json). Pure: a review in, text out. */
import type { Review } from "./model";

export function renderJson(review: Review): string {
  return JSON.stringify(review, null, 2) + "\n";
}
