// 述职评议: what other features may use (the rest is internal).
export { seedReviewCampaign } from './demo-review.ts';
export { reviewResultsOf, type ReviewResult } from './review-results.ts';
export { namedReviewer } from './review-campaigns.repository.ts';
