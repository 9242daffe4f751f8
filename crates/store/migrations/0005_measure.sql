--sqlite -- Measure (SQLite): published industry benchmarks, goals, and read-only report share links.
--postgres -- Measure (PostgreSQL): published industry benchmarks, goals, and read-only report share links.

-- A published figure. `metric_id` names the catalogue formula it was computed with: a report compares a figure with a
-- benchmark only when they match. `network` is the network the figure is about (not only the ones Sangam connects).
CREATE TABLE benchmarks (
    id {id},
    network TEXT NOT NULL,
    industry TEXT NOT NULL,
    metric_id TEXT NOT NULL,
    -- "median", "threshold_at_least", "threshold_at_most", "average": how the source stated the value.
    statistic TEXT NOT NULL,
    value {real} NOT NULL,
    unit TEXT NOT NULL,
    source TEXT NOT NULL,
    url TEXT NOT NULL,
    year {int},
    sample TEXT NOT NULL
);

INSERT INTO benchmarks (network, industry, metric_id, statistic, value, unit, source, url, year, sample) VALUES
('facebook', 'all industries', 'engagement_rate_per_follower', 'median', 0.063, 'percent', 'Rival IQ, 2024 Social Media Industry Benchmark Report (engagement per follower per post)', 'https://www.rivaliq.com/blog/social-media-industry-benchmark-report/', 2023, 'median across the companies in Rival IQ''s industry sample, 2023 data'),
('tiktok', 'all industries', 'engagement_rate_per_follower', 'median', 2.63, 'percent', 'Rival IQ, 2024 Social Media Industry Benchmark Report (engagement per follower per post)', 'https://www.rivaliq.com/blog/social-media-industry-benchmark-report/', 2023, 'median across the companies in Rival IQ''s industry sample, 2023 data'),
('facebook', 'all industries', 'engagement_rate_per_follower', 'median', 0.06, 'percent', 'Rival IQ, 2023 Social Media Industry Benchmark Report (engagement per follower per post)', 'https://www.rivaliq.com/blog/social-media-industry-benchmark-report/', 2022, 'median across the companies in Rival IQ''s industry sample, 2022 data'),
('instagram', 'all industries', 'engagement_rate_per_follower', 'median', 0.47, 'percent', 'Rival IQ, 2023 Social Media Industry Benchmark Report (engagement per follower per post)', 'https://www.rivaliq.com/blog/social-media-industry-benchmark-report/', 2022, 'median across the companies in Rival IQ''s industry sample, 2022 data'),
('x', 'all industries', 'engagement_rate_per_follower', 'median', 0.035, 'percent', 'Rival IQ, 2023 Social Media Industry Benchmark Report (engagement per follower per post)', 'https://www.rivaliq.com/blog/social-media-industry-benchmark-report/', 2022, 'median across the companies in Rival IQ''s industry sample, 2022 data'),
('tiktok', 'all industries', 'engagement_rate_per_follower', 'median', 5.69, 'percent', 'Rival IQ, 2023 Social Media Industry Benchmark Report (engagement per follower per post)', 'https://www.rivaliq.com/blog/social-media-industry-benchmark-report/', 2022, 'median across the companies in Rival IQ''s industry sample, 2022 data'),
('facebook', 'all industries', 'engagement_rate_per_impression', 'median', 5.07, 'percent', 'Buffer, State of Social Media Engagement 2025 (median engagement rate by impressions)', 'https://buffer.com/resources/', 2025, 'posts published through Buffer'),
('instagram', 'all industries', 'engagement_rate_per_impression', 'median', 1.16, 'percent', 'Buffer, State of Social Media Engagement 2025 (median engagement rate by impressions)', 'https://buffer.com/resources/', 2025, 'posts published through Buffer'),
('x', 'all industries', 'engagement_rate_per_impression', 'median', 2.31, 'percent', 'Buffer, State of Social Media Engagement 2025 (median engagement rate by impressions)', 'https://buffer.com/resources/', 2025, 'posts published through Buffer'),
('tiktok', 'all industries', 'engagement_rate_per_impression', 'median', 4.86, 'percent', 'Buffer, State of Social Media Engagement 2025 (median engagement rate by impressions)', 'https://buffer.com/resources/', 2025, 'posts published through Buffer'),
('linkedin', 'all industries', 'engagement_rate_per_impression', 'median', 6.50, 'percent', 'Buffer, State of Social Media Engagement 2025 (median engagement rate by impressions)', 'https://buffer.com/resources/', 2025, 'posts published through Buffer'),
('facebook', 'all industries', 'response_rate', 'threshold_at_least', 90, 'percent', 'Facebook Pages "Very responsive to messages" badge', 'https://www.facebook.com/business/help/', NULL, 'a badge threshold, not a survey'),
('facebook', 'all industries', 'first_response_time', 'threshold_at_most', 900000, 'milliseconds', 'Facebook Pages "Very responsive to messages" badge', 'https://www.facebook.com/business/help/', NULL, 'a badge threshold, not a survey'),
('all', 'all industries', 'response_rate', 'average', 11, 'percent', 'Sprout Social Index 2016 (brands answered 11% of messages)', 'https://sproutsocial.com/insights/data/', 2016, 'messages to brands on the Sprout Social platform'),
('all', 'all industries', 'first_response_time', 'average', 36000000, 'milliseconds', 'Sprout Social Index 2016 (average response time about 10 hours)', 'https://sproutsocial.com/insights/data/', 2016, 'messages to brands on the Sprout Social platform');

-- A goal ties a business objective to a catalogue metric over a scope and a period.
CREATE TABLE goals (
    id {id},
    workspace_id {int} NOT NULL REFERENCES workspaces(id),
    objective TEXT NOT NULL,
    metric_id TEXT NOT NULL,
    -- Comma-separated profile ids and tags; empty means every profile / no tag filter.
    profile_ids TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '',
    baseline {real} NOT NULL,
    target {real} NOT NULL,
    starts_at {int} NOT NULL,
    ends_at {int} NOT NULL,
    owner_id {int} NOT NULL REFERENCES users(id),
    created_by {int} NOT NULL REFERENCES users(id),
    created_at {int} NOT NULL
);
CREATE INDEX goals_workspace ON goals (workspace_id, ends_at);

-- A read-only link to one report with its parameters. Only the token's SHA-256 digest is stored.
CREATE TABLE report_shares (
    id {id},
    workspace_id {int} NOT NULL REFERENCES workspaces(id),
    report TEXT NOT NULL,
    params TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    expires_at {int} NOT NULL,
    created_by {int} NOT NULL REFERENCES users(id),
    created_at {int} NOT NULL
);
