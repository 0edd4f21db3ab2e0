// 述职评议: what other features may use (the rest is internal).
export { seedReviewCampaign } from './demo-review.ts';
export { namedReviewer } from './review-campaigns.repository.ts';
