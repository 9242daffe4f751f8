# Sangam, English (United States). Every visible string lives here; hi-IN/main.ftl has the same ids.
nav-label = Main
nav-dashboard = Dashboard
nav-posts = Posts
nav-compose = Compose
nav-profiles = Profiles
nav-people = People
nav-account = Account
nav-logout = Sign out
footer-time-zone = Times are shown in { $zone }
error-title = Something is not right
error-home = Back to the dashboard
login-title = Sign in
login-tagline = Publish, engage, measure and care.
login-email = Email
login-password = Password
login-submit = Sign in
login-wrong = That email and password do not match.
login-too-many = Too many attempts. Wait a few minutes and try again.
role-admin = Admin
role-manager = Manager
role-member = Member
role-approver = Approver
role-viewer = Viewer
dashboard-title = Dashboard
dashboard-followers = Followers
dashboard-followers-now = followers now
dashboard-deliveries = deliveries
dashboard-followers-chart = Followers over time
dashboard-followers-source = From stored follower snapshots of each profile, last 90 days.
dashboard-engagement-chart = Engagements per post
dashboard-engagement-source = Likes, reposts, replies and quotes from each post's latest snapshot, posts of the last 30 days.
dashboard-no-snapshots = No follower snapshots yet. They are collected every 15 minutes once a profile is connected.
dashboard-no-engagement = No published posts with engagement snapshots in the last 30 days.
dashboard-recent-posts = Recent posts
metric-likes = Likes
metric-reposts = Reposts
metric-replies = Replies
metric-quotes = Quotes
state-scheduled = Scheduled
state-sending = Sending
state-published = Published
state-failed = Failed
state-unknown = Unknown
state-cancelled = Cancelled
posts-title = Posts
posts-none = No posts yet.
posts-text = Text
posts-when = When
posts-author = Author
posts-deliveries = Deliveries
post-title = Post
post-by = By { $name }
compose-title = Compose
compose-text = What do you want to say?
compose-profiles = Post to
compose-when = When
compose-now = Publish now
compose-later = Schedule for later
compose-at = Date and time ({ $zone })
compose-submit = Save post
compose-no-profiles = Connect a profile before composing.
compose-time-invalid = Pick a date and time for the scheduled post.
delivery-profile = Profile
delivery-state = State
delivery-detail = Detail
delivery-open = Open on the network
delivery-retry = Send again
delivery-unknown-help = The network did not confirm this post. Sangam checks with the network before anything is sent again, so it will never appear twice.
profiles-title = Profiles
profiles-none = No profiles connected yet.
profiles-name = Name
profiles-network = Network
profiles-status = Status
profiles-since = Connected
profiles-connect-sandbox = Connect a sandbox profile
profiles-sandbox-help = The sandbox is a built-in practice network: posts, followers, engagement and messages are simulated.
profiles-handle = Handle
profiles-connect = Connect
profile-status-connected = Connected
profile-status-needs_reconnect = Needs reconnecting
people-title = People
people-name = Name
people-email = Email
people-role = Role
people-password = Starting password
people-add = Add person
account-title = Your account
account-preferences = Language and time zone
account-language = Language
account-time-zone = Time zone
account-save = Save
account-saved = Saved.
account-tokens = API tokens
account-tokens-help = Tokens let scripts use the API as you. Send one as "Authorization: Bearer" followed by the token.
account-token-once = Copy this token now; it will not be shown again:
account-token-name = Token name
account-token-create = Create token
account-token-delete = Delete
# The inbox.
nav-inbox = Inbox
inbox-title = Inbox
conversation-title = Conversation
inbox-settings-title = Inbox settings
inbox-shortcuts = Keys: j / k next and previous, o open, x select, / filters; in a conversation r reply, n note, t tag, a assign, e done, u back.
inbox-filter-profile = Profile
inbox-filter-network = Network
inbox-filter-kind = Kind
inbox-filter-status = Status
inbox-filter-language = Language
inbox-filter-sentiment = Sentiment
inbox-filter-abusive = Abusive
inbox-filter-tag = Tag
inbox-filter-assigned = Assigned
inbox-filter-hidden = Show hidden messages
inbox-filter-apply = Filter
inbox-filter-clear = Clear filters
inbox-any = Any
inbox-yes = Yes
inbox-no = No
inbox-assigned-me = To me
inbox-unassigned = Unassigned
inbox-count = { $count } messages
inbox-none = No messages match.
inbox-in-conversation = { $count } in this conversation
inbox-abusive = Abusive
inbox-open-conversation = Open conversation
inbox-on-network = See it on the network
kind-mention = Mention
kind-reply = Reply
kind-comment = Comment
kind-direct_message = Direct message
kind-quote = Quote
status-open = Open
status-done = Done
lang-en = English
lang-hi = Hindi
sentiment-positive = Positive
sentiment-neutral = Neutral
sentiment-negative = Negative
inbox-sla = first reply due within { $minutes } business minutes
inbox-clock-answered = Answered in { $time } of business time, within the SLA
inbox-clock-answered-late = Answered in { $time } of business time, later than the SLA
inbox-clock-waiting = { $time } of business time left to reply
inbox-clock-overdue = Reply overdue by { $time } of business time
inbox-assigned-to = assigned to { $name }
inbox-assign = Assign
inbox-done = Mark done
inbox-reopen = Reopen
inbox-hide = Hide
inbox-unhide = Show again
inbox-tag = Tag
inbox-tag-placeholder = new tag
inbox-reply = Reply
inbox-use-saved = Use saved reply
inbox-placeholders = Placeholders: {"{author}"} (their @handle), {"{author_name}"}, {"{profile}"} (our @handle), {"{me}"} (your name).
inbox-send-reply = Send reply
inbox-notes = Internal notes
inbox-add-note = Add note
inbox-settings-mine = My inbox
inbox-settings-workspace = The team's inbox
inbox-work-start = My business hours start
inbox-work-end = My business hours end
inbox-sla-minutes = First reply due within (business minutes)
inbox-save = Save
collision-intro = Someone else is on this conversation:
collision-viewed = viewing
collision-replied = replied
collision-assigned = assigned it
collision-reassigned = reassigned it
collision-unassigned = unassigned it
collision-closed = marked it done
collision-reopened = reopened it
collision-tagged = tagged it
collision-untagged = removed a tag
collision-noted = added a note
collision-opened = opened a shielded message
collision-hid = hid it
collision-unhid = showed it again
collision-marked_abusive = marked it abusive
collision-marked_not_abusive = marked it not abusive
collision-muted_author = muted the author
collision-blocked_author = blocked the author
collision-corrected_sentiment = corrected its sentiment
inbox-sentiment-wrong = Wrong sentiment?
inbox-sentiment-help = Say how this message reads. It shows at once, the filters and reports count it, and this workspace's sentiment model learns it for new messages.
shield-title = Shield
shield-open = Open
shield-warning = This message was judged abusive and is blurred. Open it only when you are ready.
shield-away = This message was judged abusive. It goes only to people who chose to handle such messages.
shield-exposure = Abusive messages you opened today:
shield-mark-abusive = Abusive
shield-mark-not-abusive = Not abusive
shield-mute = Mute author
shield-block = Block author
shield-mute-local = The sandbox network has no mute or block: Sangam records it and hides the author's new messages.
shield-opt-in = I handle abusive messages
shield-opt-in-help = Abusive messages are blurred and go only to people who opted in, in turn, up to a daily budget each.
shield-budget = Abusive messages per person per day
rules-title = Moderation rules
rules-help = Rules run in order on every new message: when all of a rule's conditions hold, its actions apply. The first assignment wins. Abusive messages always go to the shield rota.
rules-none = No rules yet.
rules-new = New rule
rules-name = Name
rules-conditions = When all of these hold
rules-keywords = Words or phrases (comma-separated, any)
rules-abuse-label = Abuse label
rules-min-score = Abuse score at least (0 to 1)
rules-min-followers = Author has at least this many followers
rules-link = Contains a link
rules-actions = Then
rules-alert = Alert (activity log)
rules-rotation = In rotation among the team
rules-sample-kind = Kind of the sample message
rules-sample = Sample message to test against
rules-test = Test against the sample
rules-save = Save rule
rules-test-match = The rule matches this sample.
rules-test-no-match = The rule does not match this sample.
rules-delete = Delete
saved-replies-title = Saved replies
saved-replies-body = Text
# Publishing: composer, approvals, calendar, crisis switch, audit log.
nav-calendar = Calendar
nav-approvals = Approvals
nav-crisis = Crisis switch
nav-audit = Audit log
compose-edit-title = Edit post
compose-variants = Different text per network
compose-variants-help = Leave a box empty to use the main text on that network.
compose-variant-for = Text for { $network }
compose-profiles-fixed = The profiles of a saved post stay as they are; make a new post for other profiles.
compose-tags = Tags and campaigns
compose-tags-placeholder = launch, monsoon-2026
compose-image = Image
compose-image-file = Image file
compose-image-alt = Alt text (describe the image for people who cannot see it)
compose-image-help = PNG, JPEG, GIF or WebP. Each network's own size limit (Bluesky 1 MB) is checked for the profiles you picked before the post is saved.
compose-save-draft = Save as draft
compose-preview = Preview
status-draft = Draft
status-pending_approval = Waiting for approval
status-changes_requested = Changes requested
status-rejected = Rejected
status-approved = Approved
posts-status = Status
post-edit = Edit
post-move-to = Move to
post-move = Move
post-delete = Delete
approval-title = Approval
approval-waiting-on = Waiting on the step "{ $step }".
approval-none = Nobody has reviewed this post.
approval-note = Note (required to reject or ask for changes)
approval-approve = Approve
approval-request-changes = Ask for changes
approval-reject = Reject
approval-comment = Comment
approval-link-title = Send to an approver outside the team
approval-link-help = A signed link that shows only this post and expires. The person needs no account.
approval-link-once = Send this link now; it will not be shown again:
approval-link-name = Their name
approval-link-days = Valid for days
approval-link-create = Create link
decision-submitted = Submitted
decision-approved = Approved
decision-rejected = Rejected
decision-changes_requested = Asked for changes
decision-comment = Commented
delivery-reconcile = Check the network
approvals-title = Approvals
approvals-none = Nothing is waiting for approval.
approvals-step = Step
approvals-yours = yours to decide
approval-settings-title = Approval workflow
approval-settings-roles = Posts by these roles need approval
approval-settings-help = Steps run in order. With no steps, any Admin or Manager can approve.
approval-step-n = Step { $n }
approval-step-name = Name
approval-step-needs = Needs
approval-needs-any = any one approver
approval-needs-all = every approver
crisis-title = Crisis switch
crisis-paused-because = Publishing is paused: { $reason }
crisis-resume = Resume publishing
crisis-running = Publishing is running normally.
crisis-reason = Reason (everyone sees it)
crisis-approval-while-paused = While paused, every post needs approval
crisis-pause = Pause publishing
crisis-profiles = Pause chosen profiles only
crisis-held = Held posts
crisis-held-none = Nothing is being held.
crisis-send-now = Send now
crisis-cancel = Cancel
crisis-banner = Publishing is paused: { $reason }.
crisis-profile-banner = Publishing to { $name } is paused:
calendar-title = Calendar
calendar-previous = Previous
calendar-next = Next
calendar-month = Month
calendar-week = Week
calendar-all-profiles = All profiles
calendar-filter = Show
calendar-help = Times in { $zone }. Drag a post to another day to move it (its time of day stays); without a mouse, open the post and use "Move to".
weekday-mon = Mon
weekday-tue = Tue
weekday-wed = Wed
weekday-thu = Thu
weekday-fri = Fri
weekday-sat = Sat
weekday-sun = Sun
audit-title = Audit log
audit-person = Person
audit-anyone = Anyone
audit-action = Action
audit-any = Any
audit-kind = Object
audit-when = When
audit-system = Sangam
notifications-title = Notifications
notifications-unread = { $count ->
    [one] { $count } new notification
   *[other] { $count } new notifications
}
notifications-none = No notifications.
review-link-title = A post for your approval
review-link-for = Hello { $name }: the team asks for your decision on this post.
review-link-thanks = Thank you; your decision was recorded.
profiles-actions = Actions
profiles-reconnect = Reconnect
profiles-remove = Remove
profiles-remove-help = Removing a profile cancels its posts still waiting and forgets its credentials; published posts, numbers and messages stay. Connecting the same account again brings it back.
profiles-connect-mastodon = Connect a Mastodon profile
profiles-mastodon-help = On your instance, open Preferences > Development > New application, tick the scopes read and write, and paste the access token here.
profiles-mastodon-oauth-help = Or sign in on your instance and approve Sangam there:
profiles-mastodon-signin = Sign in on the instance
profiles-instance = Instance
profiles-access-token = Access token
profiles-connect-bluesky = Connect a Bluesky profile
profiles-bluesky-help = Use an app password (Bluesky: Settings > Privacy and security > App passwords), never your account password.
profiles-app-password = App password
profiles-service = Server (leave empty for bsky.social)
profile-status-removed = Removed
profile-error-connect_address_not_https = The server address must start with https://.
profile-error-connect_address_private = That address is on a private or local network, which Sangam does not contact. An administrator can allow it with networks.allow_private_addresses.
profile-error-connect_address_invalid = That is not a server address. Type it like mastodon.social or https://bsky.social.
profile-error-connect_unreachable = The server could not be reached. Check the address, or try again later.
profile-error-connect_not_the_network = That address does not answer like a server of this network. Check the address.
profile-error-connect_wrong_credentials = The server did not accept the credentials. Check the handle and the token or app password, or make a new one.
profile-error-connect_refused = The server refused to connect the account. Try again later.
profile-error-connect_other_account = Those credentials belong to another account. Connect that account as a new profile instead.
profile-error-connect_oauth_expired = The sign-in on the instance did not finish or was started elsewhere. Please start again.
profile-error-connect_declined = The instance did not grant access: the sign-in was declined.
profile-error-connect_not_supported = A sandbox profile has no credentials to renew.

# Care: workload and wellbeing
nav-my-week = My week
nav-care-team = Team care
care-my-week-title = My week
care-team-title = The team's week
care-team-intro = Where the team's time went this week and what it carried. Each figure names its formula; there is no combined score. Check-ins appear only as averages of three or more people, and notes are never shown here.
care-checkin-title = Weekly check-in
care-energy = Energy
care-workload = Workload
care-energy-scale = 1 = drained, 5 = full of energy
care-workload-scale = 1 = light, 5 = overwhelming
care-note = Private note (optional)
care-privacy = Only you can read your note and your own answers. Managers see the team's average once the week has ended, and only when three or more people checked in that week.
care-check-in = Check in
care-checkin-saved = Thank you. Your check-in for this week is saved.
care-checked-in-already = You have checked in this week; checking in again replaces it.
care-this-week = This week
care-week-of = week of { $date }
care-figure = Figure
care-value = Value
care-formula = Formula
care-formulas = Formulas
care-today = today
care-trend = The last 12 weeks
care-week = Week
care-checkin-history = Your check-ins
care-no-checkins = No check-ins yet.
care-alerts = Alerts
care-no-alerts = No alerts: nobody has been over a threshold for 3 days running.
care-team-week = Each person's week (on their own calendar)
care-sla = first reply due within { $minutes } business minutes
care-none-waiting = No posts are waiting for approval.
care-checkin-trend = Check-ins (team averages)
care-people = People
care-too-few = Hidden: fewer than 3 people checked in.
care-week-running = Shown when the week ends, so that a late check-in cannot be worked out from the change.
care-dashboard-title = How was your week?
care-dashboard-done = You have checked in this week.
care-dashboard-my-week = See my week
care-figure-inbox-time = Inbox time
care-figure-compose-time = Composing
care-figure-approval-time = Approvals
care-figure-report-time = Reporting
care-figure-messages-handled = Messages handled
care-figure-posts-shipped = Posts shipped
care-figure-approvals-waiting = Approvals waiting
care-figure-exposure = Abusive messages opened
care-figure-after-hours = After hours
care-figure-weekend = Weekend
care-figure-streak = Days running over a threshold
care-figure-checkin = Check-in
care-figure-sla-breaches = Open SLA breaches
care-formula-inbox-time = Sum over the messages you replied to or closed of: (reply or close) minus (the last time you opened it before), at most 30 minutes each. Opening without answering counts nothing.
care-formula-compose-time = Sum over editor sessions of: last heartbeat minus first heartbeat plus 15 s. The composer sends a heartbeat every 15 s while the page is visible and the editor has the keyboard focus; a gap over 45 s starts a new session.
care-formula-approval-time = Sum over sessions on a post waiting for your review of: last heartbeat minus first heartbeat plus 15 s (a heartbeat every 15 s while the page is visible and focused).
care-formula-report-time = Sum over sessions on report pages of: last heartbeat minus first heartbeat plus 15 s. Report views and exports are also written to the activity log.
care-formula-messages-handled = The number of different messages you replied to or closed.
care-formula-posts-shipped = The number of your posts (not inbox replies) with at least one delivery published this week.
care-formula-approvals-waiting = For each approver: the posts whose current approval step waits on them, and now minus the oldest one's last submission.
care-formula-exposure = Abusive messages opened through the shield, per local day, against the daily budget.
care-formula-after-hours = Actions in the activity log on a weekday before the start or after the end of your business hours, in your time zone.
care-formula-weekend = Actions in the activity log on a Saturday or Sunday, in your time zone.
care-formula-streak = Consecutive days up to today (or up to yesterday, when today is not over yet) with abusive messages opened at or over the budget, or with 10 or more actions outside business hours, weekends included. 3 days running alerts the managers.
care-formula-checkin = The team's mean energy and mean workload (1 to 5) for a week that has ended, shown only when 3 or more people checked in; never anyone's own answers or note.
care-formula-sla-breaches = Messages of the last 30 days still waiting for a first reply after the SLA's business minutes have passed (on the business hours of the person assigned).

# Measure: reports, glossary, benchmarks, goals
nav-reports = Reports
report-profiles-title = Profile performance
report-posts-title = Post performance
report-tags-title = Tags and campaigns
report-inbox-title = Inbox and team
report-not-reported = not reported by this network
report-no-data = no data
report-all-profiles = All selected profiles
report-profiles-table = Profiles
report-profiles-note = Followers add up across profiles; reach is never summed. Rates are medians of each post's rate. Click a figure for the rows it comes from, or ? for its definition.
report-chart-followers = Followers over the period
report-chart-best-times = Best posting times (weekday × hour, your time zone)
report-chart-tags = Engagements by tag
report-chart-volume = Messages received by kind
report-col-published = Published
report-col-profile = Profile
report-col-post = Post
report-col-tags = Tags
report-posts-table = Published posts
report-posts-note = Every published post in the period with its latest snapshot; replies to the inbox and deleted posts are left out. Click a column name to sort.
report-col-tag = Tag
report-col-engagements-before = Engagements (comparison period)
report-tags-table = Tags and campaigns
report-tags-note = A post with two tags counts in both lines, so lines do not add up to the profile totals.
report-volume-table = Volume by kind
report-col-kind = Kind
report-all-kinds = All kinds
report-col-actionable = Actionable messages
report-col-frt-mean = First response (mean)
report-col-frt-median = First response (median)
report-col-frt-fastest = First response (fastest)
report-col-frt-slowest = First response (slowest)
report-responses-table = Responses: all hours, business hours, off hours
report-responses-note = By the time the message arrived, against your business hours (Monday to Friday, in your time zone). Hidden messages are not actionable.
report-col-hours = Hours
report-hours-all = All hours
report-hours-business = Business hours
report-hours-off = Off hours
report-members-table = Messages handled per member
report-members-note = A message counts for the member who wrote the first reply in its conversation after it arrived.
report-col-member = Member
report-messages-table = Messages behind these figures
report-messages-note = Every message that arrived in the period at the selected profiles.
report-col-message = Message
report-col-received = Received
report-col-hidden = Hidden
report-col-first-reply = First reply
report-yes = yes
report-comparison-table = Compared with the comparison period
report-comparison-note = The same formulas over the comparison period; rate changes are in percentage points.
report-col-metric = Metric
report-col-this-period = This period
report-col-comparison-period = Comparison period
report-col-change = Change
report-points = points
report-snapshots-table = Follower snapshots used
report-snapshots-note = The first and the last follower snapshot of each profile in the period: followers, growth and growth rate come from these rows.
report-col-taken = Taken
report-benchmark-different-formula = not compared: the benchmark uses a different statistic
report-benchmark-nothing-to-compare = not compared: we have no figure with this formula
report-benchmark-meets = meets the threshold
report-benchmark-misses = misses the threshold
report-benchmark-above = at or above the benchmark
report-benchmark-below = below the benchmark
report-benchmarks-table = Industry benchmarks
report-benchmarks-note = Published figures, compared only with our figure of the same formula. Per-follower and per-impression rates differ by up to ten times and are never compared with each other.
report-col-network = Network
report-col-benchmark = Benchmark
report-col-ours = Ours
report-col-verdict = Comparison
report-col-source = Source
report-heat-posts = { $count ->
    [one] { $count } post
   *[other] { $count } posts
}
report-period = Period
report-compared-with = compared with
report-export-csv = Export this table as CSV
report-empty = Nothing in this period.
report-definition = Definition
report-from = From
report-to = To
report-compare = Compare with
report-compare-previous = The previous period
report-compare-custom = Custom dates
report-compare-none = Nothing
report-compare-from = Comparison from
report-compare-to = Comparison to
report-profiles = Profiles (none ticked: all)
report-tag = Tag
report-apply = Show
report-print = Printable page
report-share-days = Link valid for days
report-share = Make a read-only link
report-share-made = Read-only link (shown once; copy it now):
report-shared-note = A read-only report shared from Sangam.
report-shared-expires = Link expires
glossary-title = Metric glossary
glossary-intro = Every figure in Sangam's reports is one of these entries.
glossary-formula = Formula
glossary-denominator = Denominator
glossary-unit = Unit
glossary-aggregation = Over several posts or profiles
glossary-unavailable = Not reported by
glossary-available-everywhere = every network reports what this needs
glossary-unit-count = a count
glossary-unit-percent = a percentage
glossary-unit-duration = a duration
glossary-unit-return_percent = a return, as a percentage of cost
glossary-agg-latest_per_profile = the latest snapshot in the period per profile; profiles are added up
glossary-agg-sum = added up
glossary-agg-median_over_posts = computed per post, then the median over the posts that have a value
glossary-agg-average_per_post_never_summed = averaged per post; never summed across posts
glossary-agg-ratio_of_totals = computed once from the period's totals
glossary-agg-distribution = one value per message; shown as mean, median, fastest and slowest
glossary-followers-name = Followers
glossary-followers-formula = The latest follower count snapshot taken in the period, per profile.
glossary-net_follower_growth-name = Net follower growth
glossary-net_follower_growth-formula = Followers at the last snapshot in the period − followers at the first snapshot in the period.
glossary-audience_growth_rate-name = Audience growth rate
glossary-audience_growth_rate-formula = (followers at the end − followers at the start) ÷ followers at the start × 100, from the first and last snapshots in the period.
glossary-audience_growth_rate-denominator = Followers at the first snapshot in the period.
glossary-posts_published-name = Posts published
glossary-posts_published-formula = Deliveries published in the period (one per profile), leaving out replies to the inbox and deleted posts.
glossary-engagements-name = Engagements
glossary-engagements-formula = Likes + reposts + replies + quotes, from each post's latest snapshot.
glossary-impressions-name = Impressions
glossary-impressions-formula = Times the post was shown, as the network reports it, from each post's latest snapshot.
glossary-reach-name = Reach
glossary-reach-formula = Distinct accounts that saw the post, as the network reports it. Averaged per post, never summed: the same person reached twice is one person.
glossary-engagement_rate_per_follower-name = Engagement rate (per follower)
glossary-engagement_rate_per_follower-formula = Engagements on the post ÷ followers at post time × 100; the median over posts.
glossary-engagement_rate_per_follower-denominator = Followers at the profile's latest snapshot at or before the post was published.
glossary-engagement_rate_per_impression-name = Engagement rate (per impression)
glossary-engagement_rate_per_impression-formula = Engagements on the post ÷ impressions of the post × 100; the median over posts with impressions.
glossary-engagement_rate_per_impression-denominator = Impressions of the post.
glossary-amplification_rate-name = Amplification rate
glossary-amplification_rate-formula = Reposts of the post ÷ followers at post time × 100; the median over posts.
glossary-amplification_rate-denominator = Followers at post time.
glossary-applause_rate-name = Applause rate
glossary-applause_rate-formula = Likes of the post ÷ followers at post time × 100; the median over posts.
glossary-applause_rate-denominator = Followers at post time.
glossary-conversation_rate-name = Conversation rate
glossary-conversation_rate-formula = Replies to the post ÷ followers at post time × 100; the median over posts.
glossary-conversation_rate-denominator = Followers at post time.
glossary-messages_received-name = Messages received
glossary-messages_received-formula = Inbound messages that arrived in the period.
glossary-response_rate-name = Response rate
glossary-response_rate-formula = Actionable inbound messages answered ÷ actionable inbound messages × 100; hidden messages (spam, abuse) are left out.
glossary-response_rate-denominator = Actionable inbound messages that arrived in the period (not hidden).
glossary-first_response_time-name = First response time
glossary-first_response_time-formula = Time of the first reply − arrival time, per answered message; shown as mean, median, fastest and slowest, for all hours, business hours and off hours.
glossary-messages_handled-name = Messages handled
glossary-messages_handled-formula = Messages a person gave the first reply to, in the period.
glossary-share_of_voice-name = Share of voice
glossary-share_of_voice-formula = Our mentions ÷ (our mentions + competitors' mentions) × 100, same period and networks.
glossary-share_of_voice-denominator = Our mentions + competitors' mentions.
glossary-positive_share_of_voice-name = Positive share of voice
glossary-positive_share_of_voice-formula = Our positive mentions ÷ (our positive mentions + competitors' positive mentions) × 100, same period and networks; a mention is positive when its sentiment is positive.
glossary-positive_share_of_voice-denominator = Our positive mentions + competitors' positive mentions.
glossary-social_roi-name = Social ROI
glossary-social_roi-formula = (Attributed value − cost) ÷ cost × 100; cost = hours × hourly rate + spend.
glossary-social_roi-denominator = Cost: hours × hourly rate + spend.
# Queue times.
compose-queue = Add to the queue (next free queue time)
queue-title = Queue times
queue-slots = Weekly times, one line per rule
queue-help = For example "Mon-Fri 09:00 13:00" or "Sat 10:30". Times are read in the time zone below, so 09:00 stays 09:00 when the clocks change.
queue-next = Next free time
queue-none = No free queue time in the next eight weeks.
nav-goals = Goals
goals-title = Goals
goals-none = No goals yet.
goals-active = Active goals
goal-new = Set a goal
goal-objective = Business objective
goal-metric = Metric
goal-owner = Owner
goal-period = Period
goal-current = So far
goal-progress = Progress
goal-profiles = Profiles (none ticked: every profile)
goal-tags = Tags (none ticked: no tag filter)
goal-baseline = Baseline
goal-target = Target
goal-start = Starts
goal-end = Ends (included)
goal-save = Save the goal
goal-forecast = Forecast at the end
goal-forecast-value = [value] (95% range about [low] to [high], a straight line through [points] days so far)
goal-forecast-none = Not enough days yet for a trend (3 are needed).
goal-forecast-note = The forecast is a least-squares straight line through the period so far; the range is two standard errors of that line's prediction at the end date. A line cannot see launches, holidays or news.
goal-on-track = on track
goal-off-track = not on track

# --- security-input: outside approvers' steps, hostile input ---
review-link-step = For the step: { $step }
review-link-other-step = The step this link was made for is no longer the one waiting, so your decision would not count. Ask the team for a new link if they still need you.
approval-link-not-yours = Only an approver of the step this post is waiting on, other than its author, can invite an outside approver.

# People and accounts (invitations, roles, deactivation, password reset and change)
people-invite-ready = Invitation for { $email } is ready. Send them this link:
people-reset-ready = Password reset link for { $name }. Send it to them:
people-link-expires = Works once, until { $when }.
people-link = Link
copy-link = Copy link
copy-done = Copied
people-active-count = { $count ->
    [one] One active person in the workspace.
   *[other] { $count } active people in the workspace.
}
people-status = Status
people-actions = Actions
people-you = you
people-role-of = Role of { $name }
people-change-role = Change
people-active = Active
people-deactivated = Deactivated
people-reset-waiting = reset link sent
people-reactivate = Reactivate
people-reset = Reset password
people-deactivate = Deactivate
people-invite = Invite someone
people-invite-help = They get a link to set their own name and password. The link works once, for 7 days.
people-invite-create = Create invitation link
people-invitations = Invitations waiting
people-invitations-none = No invitations are waiting.
people-invitation-revoke = Withdraw
people-add-direct = Add someone with a password you choose
invite-title = Join your team on Sangam
invite-intro = You were invited as { $email }. Choose your name and a password to start.
reset-title = Choose a new password
reset-intro = For the account { $email }. Every other session of this account will be signed out.
link-gone = This link has expired or has already been used. Ask an Admin for a new one.
link-new-password = New password
link-password-help = At least 10 characters. A short sentence is easy to remember and hard to guess.
link-submit = Save and sign in
account-password = Password
account-current-password = Current password
account-new-password = New password
account-password-change = Change password
account-password-changed = Your password is changed. Your other sessions were signed out.

# security-auth (issue 12)
login-wait = Too many failed sign-ins. Try again in { $seconds } s.

# inbox + approver (issue 11)
inbox-filters = Filters
inbox-list-label = Messages
inbox-count-total = { $count ->
    [one] One message
   *[other] { $count } messages
}
inbox-count-more = More than { $count } messages
inbox-newer = Newer
inbox-older = Older
inbox-pick-one = Pick a message on the left to read its conversation and answer it.
inbox-back-to-list = Back to the list
inbox-shielded-snippet = Abusive message: its text is shown only when you open it.
inbox-bulk-select-page = Select all on this page
inbox-bulk-select = Select the message from { $name }
inbox-bulk-assign-to = Assign the selected messages to
inbox-bulk-pick-action = Choose what to do with the selected messages: assign, tag or mark done.
inbox-bulk-none-selected = Select at least one message (at most 100) first.
inbox-bulk-tag-invalid = Type a tag of 1 to 40 characters before pressing Tag.
network-sandbox = Sandbox
network-mastodon = Mastodon
network-bluesky = Bluesky
shield-withheld = This message was judged abusive. Its text is not sent to your screen until you open it, and opening it counts towards your daily budget.
shield-budget-reached = { $budget ->
    [one] You have opened one abusive message today, which is your daily budget. Leave this one to a colleague; the budget starts again tomorrow.
   *[other] You have opened { $budget } abusive messages today, which is your daily budget. Leave this one to a colleague; the budget starts again tomorrow.
}
shield-not-opted-in = Only people who chose to handle abusive messages can open them. Opt in on the inbox settings page.
rule-when = When a message { $conditions },
rule-then = { $actions }.
rule-and = and
rule-c-keywords = contains any of { $words }
rule-c-language = is in { $lang }
rule-c-sentiment = reads as { $sentiment }
rule-c-abuse-label = is labelled { $label }
rule-c-score = has an abuse score of at least { $score }
rule-c-abusive = is abusive
rule-c-not-abusive = is not abusive
rule-c-kind = is a { $kind }
rule-c-profile = came to { $profile }
rule-c-followers = { $followers ->
    [one] comes from an author with at least one follower
   *[other] comes from an author with at least { $followers } followers
}
rule-c-link = contains a link
rule-c-no-link = contains no link
rule-a-hide = hide it
rule-a-assign = assign it to { $name }
rule-a-rotation = assign it to the team in turn
rule-a-tag = tag it ‘{ $tag }’
rule-a-done = mark it done
rule-a-alert = raise an alert
rule-removed-person = a person no longer in the team
rule-removed-profile = a profile no longer connected
error-back-home = Back to { $page }
calendar-past-day = That day is over: a post can only be moved to now or later. Drop it on today or a later day.

# Reports (issue 11): typed figures, charts with axes and legends, benchmarks per network, share links, goal pickers
report-columns-not-reported = Not reported by the networks of these profiles, so left out: { $metrics }.
chart-followers-legend = Each line is one profile's follower count from its snapshots: dates along the bottom, followers up the side.
chart-heat-legend = Darker = higher median engagement rate per follower of the posts published in that weekday and hour; n = posts (the number in the cell). How many posts an hour had does not change its shade. Grey: posts not measured yet.
chart-heat-rate = median engagement rate per follower
chart-heat-scale = Median engagement rate per follower
chart-heat-unmeasured = not measured yet
chart-axis-followers = Followers
chart-axis-date = Date
chart-goal-title = Goal trend
chart-goal-so-far = Value so far
chart-goal-target = Target
chart-goal-forecast = Forecast (straight line)
chart-goal-band = 95% range of the forecast
month-short-1 = Jan
month-short-2 = Feb
month-short-3 = Mar
month-short-4 = Apr
month-short-5 = May
month-short-6 = Jun
month-short-7 = Jul
month-short-8 = Aug
month-short-9 = Sep
month-short-10 = Oct
month-short-11 = Nov
month-short-12 = Dec
figure-hours = { $count } h
figure-minutes = { $count } min
csv-unit-count = count
csv-unit-percent = %
csv-unit-duration = s
csv-unit-money = money
csv-unit-column = Unit
benchmark-industry-all = all industries
benchmark-statistic-median = median
benchmark-statistic-average = average
benchmark-statistic-threshold_at_least = threshold, at least
benchmark-statistic-threshold_at_most = threshold, at most
benchmark-network-facebook = Facebook
benchmark-network-instagram = Instagram
benchmark-network-x = X
benchmark-network-tiktok = TikTok
benchmark-network-linkedin = LinkedIn
benchmark-network-all = all networks together
benchmark-network-sandbox = Sandbox
benchmark-network-mastodon = Mastodon
benchmark-network-bluesky = Bluesky
report-benchmarks-none = No published benchmark for { $networks }. Benchmarks of other networks (Facebook, Instagram, TikTok…) are not set beside these profiles: their audiences and reach differ. The glossary lists every benchmark we hold.
report-share-link = Read-only link
copy-failed = Could not copy: the link is selected, press Ctrl+C.
glossary-units-intro = Counts are whole numbers; percentages are already multiplied by 100; durations are written in hours and minutes (seconds in CSV exports); money in the currency shown. CSV headers name each column's unit.
glossary-unit-money = an amount of money
care-sla-breaches-open = Open these conversations in the inbox
care-col-approver = Approver
care-col-posts-waiting = Posts waiting
care-col-oldest-wait = Waiting longest
goal-tags-new = Other tags (comma-separated, optional)
goal-no-profiles = No profiles are connected yet: the goal covers every profile connected later.
goal-no-tags = No post carries a tag yet.
goal-scope = Covers
goal-scope-all = every profile
dashboard-engagement-x = Posts, oldest first (#1 is the oldest)

# Shell and general: audit actions in words, durations, notices, plural counts, error page
duration-hours-minutes = { $h } h { $m } min
duration-minutes = { $m } min
audit-showing = { $count ->
    [one] The newest entry.
   *[other] The newest { $count } entries.
}
audit-none = Nothing matches these filters.
notice-approval-waiting = A post by { $name } is waiting for your approval.
notice-approval-approved = { $name } approved your post.
notice-approval-rejected = { $name } rejected your post.
notice-approval-changes = { $name } asked for changes to your post.
notice-inbox-alert = { $count ->
    [one] One new message to @{ $handle } matched an alert rule.
   *[other] { $count } new messages to @{ $handle } matched an alert rule.
}
notice-post-held = A post came due but was held: { $note }
notice-reconnect = The network no longer accepts Sangam's credentials for @{ $handle } ({ $detail }). Reconnect it on the Profiles page; posts waiting for it are held until then.
notice-care-exposure = { $name } opened at least their daily budget of { $budget } abusive messages on { $days ->
    [one] one day
   *[other] { $days } days running
}: { $values }.
notice-care-after-hours = { $name } worked { $threshold } or more actions outside business hours on { $days ->
    [one] one day
   *[other] { $days } days running
}: { $values }.
error-unauthenticated = Please sign in first.
error-forbidden = Your role does not allow this.
error-too_many_attempts = Too many attempts. Wait a few minutes and try again.
error-cross_site_request = The request came from another site, so it was refused.
error-internal_error = Something went wrong on our side; it has been logged. Please try again.
error-code = Error code: { $code }
error-go-home = Go to Sangam's start page
page-not-found = There is no page here.
audit-do-added = added
audit-do-alert = raised an alert
audit-do-approval_link_created = created an outside-approver link
audit-do-changed = changed
audit-do-changed_inbox_settings = changed the inbox settings
audit-do-changed_own_inbox_settings = changed their inbox settings
audit-do-changed_password = changed their password
audit-do-changed_queue = changed the posting queue
audit-do-changed_role = changed a role
audit-do-connected = connected
audit-do-created = created
audit-do-created_rule = created an inbox rule
audit-do-created_saved_reply = created a saved reply
audit-do-deactivated = deactivated
audit-do-deleted = deleted
audit-do-deleted_rule = deleted an inbox rule
audit-do-deleted_saved_reply = deleted a saved reply
audit-do-edited = edited
audit-do-goal_created = set a goal
audit-do-held = held a post
audit-do-invited = invited someone
audit-do-issued_reset = issued a password reset link
audit-do-joined = joined the team
audit-do-needs_reconnect = needs reconnecting
audit-do-noted = added a note
audit-do-opened = opened
audit-do-paused = paused publishing
audit-do-reactivated = reactivated
audit-do-reconcile_requested = asked the network to check
audit-do-reconnected = reconnected
audit-do-removed = removed
audit-do-reordered_rule = reordered the inbox rules
audit-do-replied = replied
audit-do-report_exported = exported a report
audit-do-report_shared = shared a report
audit-do-report_viewed = viewed a report
audit-do-rescheduled = rescheduled
audit-do-reset_password = set a new password by a reset link
audit-do-resumed = resumed publishing
audit-do-retried = retried
audit-do-revoked = withdrew
audit-do-signed_in = signed in
audit-do-tagged = tagged
audit-do-untagged = removed a tag from
audit-do-uploaded = uploaded
audit-do-viewed = viewed
audit-do-approved = approved
audit-do-rejected = rejected
audit-do-changes_requested = asked for changes to
audit-do-comment = commented on
audit-do-submitted = submitted for approval
audit-do-assigned = assigned
audit-do-unassigned = unassigned
audit-do-reassigned = reassigned
audit-do-closed = closed
audit-do-reopened = reopened
audit-do-hid = hid
audit-do-unhid = unhid
audit-do-shield_opt_in = opted in to the Shield
audit-do-shield_opt_out = opted out of the Shield
audit-kind-api_token = API token
audit-kind-approval_workflow = approval workflow
audit-kind-delivery = delivery
audit-kind-goal = goal
audit-kind-inbound = incoming message
audit-kind-invitation = invitation
audit-kind-media = image
audit-kind-message = message
audit-kind-person = person
audit-kind-post = post
audit-kind-profile = profile
audit-kind-report = report
audit-kind-rule = inbox rule
audit-kind-saved_reply = saved reply
audit-kind-session = session
audit-kind-user = person
audit-kind-workspace = workspace
audit-kind-shield = Shield
audit-kind-settings = settings
approvals-approve = Approve
approvals-open-to-decide = Open to reject, ask for changes or comment
approvals-not-yours = Waiting on someone else's step

# Post content (images, language, content warning, link card) and one status word per post
life-draft = Draft
life-waiting_for_approval = Waiting for approval
life-changes_requested = Changes requested
life-rejected = Rejected
life-scheduled = Scheduled
life-publishing = Publishing
life-published = Published
life-partly_published = Partly published
life-failed = Failed
compose-images = Images
compose-images-help = Up to 4 images, in the order they should appear. Describe each one for people who cannot see it.
compose-image-file-n = Image { $n }
compose-image-remove = Remove this image
compose-extras = Language, warning and link card
compose-language = Language of the text
compose-language-auto = Detect from the text
compose-language-detected = Detected: { $language }
compose-language-detected-js = Detected:
compose-warning = Content warning (optional)
compose-warning-placeholder = e.g. spoilers, food, flashing images
compose-no-link-card = No link card for the first link
compose-link-card-help = Sangam reads the first link's page when you save and sends its title, description and image as a card where the network takes one from us (Bluesky). Mastodon makes its own card.
compose-autosaved = Draft saved
compose-autosave-failed = The draft could not be saved:
plan-went = What went to this network:
plan-will-go = What will go to this network:
plan-text = Text
plan-image = Image { $n }
plan-no-alt = no alt text
plan-image-no-alt = This image has no alt text; people using screen readers will not know what it shows.
plan-image-too-many = This network takes fewer images; this one would be refused.
plan-image-too-large = Too large for this network; it would be refused.
plan-language = Language
plan-warning = Content warning
plan-warning-bluesky = Bluesky has no content warnings, so the warning is not shown there; only the text goes.
plan-card = Link card
plan-card-images-win = Bluesky takes one attachment per post and the images go, so the link card is not sent there.
plan-card-mastodon = Mastodon makes its own card from the link, so Sangam sends none.
plan-card-problem = No card could be made from the link:
inbox-filter-sla = Reply time
inbox-sla-breached = Past the SLA
lang-und = Language not known

# The sandbox network's public post page
sandbox-post-title = Sandbox network
sandbox-card-thumb = with a preview image
sandbox-in-reply-to = In reply to { $id }
sandbox-post-help = This is the built-in practice network's public page: it shows what the network received, straight from its own records.

# Shell: navigation sections and the page frame
nav-section-engage = Engage
nav-section-publish = Publish
nav-section-measure = Measure
nav-section-care = Care
nav-section-workspace = Workspace
shell-skip = Skip to the content
inbox-filters-on = on
inbox-sla-short-answered = Answered in time
inbox-sla-short-late = Answered late
inbox-sla-short-overdue = Overdue { $time }
inbox-sla-short-waiting = { $time } left
inbox-cursor-invalid = That page link is not one Sangam made, so the list starts again from the newest message.
crisis-held-not-approved = This post is not approved, so it would not publish even now. Open it to finish it or send it for approval.

# Room: error catalogue (sangam_domain::ErrorCode). One message per code, `error-<code>`; where one code is said in
# several ways, `$case` picks the form. The API's `message` is the en-US sentence.
error-not_found = { $what } was not found.
error-conflict = { $detail }
error-invalid_request =
    { $case ->
        [detail] The request could not be read: { $detail }
       *[bare] The request could not be read.
    }
error-invalid_json = The request body is not valid JSON for this route: { $detail }
error-invalid_form =
    { $case ->
        [upload] The upload could not be read: { $detail }
        [reconnect] The profile to reconnect is not a number.
       *[form] The form could not be read: { $detail }
    }
error-invalid_host = The request has no usable Host header.
error-body_too_large = The request body is larger than { $limit } bytes.
error-request_too_large = The request body is too large.
error-unsupported_media_type = Send this body with the content type the API describes for it.
error-method_not_allowed = This address does not take that method.
error-text_contains_nul = The field { $field } contains the character U+0000 (NUL), which cannot be stored. Remove it and send again.
error-text_too_long = The field { $field } is longer than { $max } characters, the most any field takes.
error-time_out_of_range = { $field }: Dates must lie between 2000-01-01 and 2099-12-31.
error-date_out_of_range = { $field }: Dates must lie between 2000-01-01 and 2099-12-31.
error-value_not_storable = A value in this request cannot be stored (a character the database cannot hold, or a number or date out of range). Change it and send again.
error-idempotency_key_invalid = The Idempotency-Key header must be 1 to { $max } visible ASCII characters (a UUID is a good key).
error-idempotency_key_reused = This Idempotency-Key was already used with a different request. Use a new key for a new request.
error-idempotency_request_in_progress = The first request with this Idempotency-Key is still being answered. Try again in a moment.
error-password_too_short = A password needs at least { $min } characters.
error-current_password_wrong = Your current password is not right.
error-email_invalid = Enter an email address like name@example.com.
error-name_missing = Enter the person's name (up to 100 characters).
error-link_expired = This link has expired or has already been used. Ask an Admin for a new one.
error-last_admin = This is the workspace's only Admin. Make someone else an Admin first.
error-deactivate_self = You cannot deactivate yourself. Ask another Admin.
error-person_deactivated = This person is deactivated. Reactivate them first.
error-person_invalid = Pick a person.
error-preferences_invalid = Pick a language and a time zone from the lists.
error-token_name_invalid = Name the token (up to 100 characters).
error-post_empty = A post needs some text.
error-post_too_long = The post is { $count } long where { $network } allows { $limit }.
error-post_no_profiles = Pick at least one profile to post to.
error-post_too_many_images =
    { $case ->
        [composer] A post can carry at most { $max } images; this one has { $count }.
       *[network] The post has { $count } images; { $network } takes at most { $limit }.{ $assumed }
    }
error-post_language_invalid = Pick the text's language from the list (a two-letter code such as en or hi).
error-post_warning_too_long = A content warning can be at most { $max } characters.
error-post_scheduled_in_past =
    { $case ->
        [reschedule] Pick a time in the future.
       *[compose] Pick a time in the future, or publish now.
    }
error-post_time_invalid =
    { $case ->
        [scheduled] Pick a date and time for the scheduled post.
       *[bare] Pick a date and time.
    }
error-post_already_sent = This post has gone out (at least in part), so it can no longer be changed. Write a new post instead.
error-post_not_draft = Only drafts autosave; this post was already submitted.
error-delivery_not_retryable = Only a failed delivery can be sent again; this one is { $state }.
error-delivery_not_unknown = Only a delivery in the unknown state needs checking; this one is { $state }.
error-range_invalid = Give a range up to 400 days long, with `to` after `from`.
error-image_empty = The image file is empty.
error-image_missing = Send the file in a field named `image`.
error-image_too_large = The image is { $size }; no network takes more than { $limit }.
error-image_too_large_for_network = Image { $position } is { $size }; { $network } takes at most { $limit } per image.{ $assumed }
error-image_type_unsupported = Only PNG, JPEG, GIF and WebP images can be attached.
error-image_alt_too_long =
    { $case ->
        [post] The alt text of image { $place } is longer than { $max } characters.
       *[upload] Alt text can be at most { $max } characters.
    }
error-image_not_found = Image { $place } is not one of this workspace's uploads.
error-image_in_use = Image { $place } belongs to another post; upload it again for this one.
error-image_repeated = The same image is attached twice.
error-public_image_expired = This image address is not valid or has expired.
error-post_not_waiting = This post is not waiting for approval, so there is nothing to decide.
error-own_post_approval = You wrote this post, and an author never approves their own post, nor invites someone to approve it.
error-not_an_approver_of_this_step = You are not an approver of the step this post is waiting on.
error-link_for_another_step = This link was made for a step that is no longer the one waiting, so it can only comment now.
error-review_decision_invalid =
    { $case ->
        [api] Use approve, reject, request changes or comment.
        [link] Pick approve, reject or request changes.
       *[page] Pick approve, reject, request changes or comment.
    }
error-review_reason_missing = Say why, so the author knows what to change.
error-review_note_too_long = A note can be up to { $max } characters.
error-reviewer_name_invalid = Give the outside approver's name (up to 100 characters).
error-link_days_invalid = A link lasts between 1 and 30 days.
error-approval_step_without_approvers =
    { $case ->
        [numbered] Step { $step } needs at least one approver.
       *[every] Every step needs at least one approver.
    }
error-time_zone_unknown = { $zone } is not a time zone Sangam knows.
error-queue_slots_invalid = { $detail }
error-queue_empty = This profile has no free queue time in the next eight weeks. Set its queue times on the Profiles page.
error-pause_reason_missing = Say why publishing is paused; the whole team sees it.
error-pause_reason_too_long = The reason can be up to { $max } characters.
error-held_post_not_approved = { crisis-held-not-approved }
error-held_action_invalid = Pick send, reschedule or cancel.
error-profile_handle_invalid = A sandbox handle has 1 to 64 letters, digits, underscores or dots.
error-connect_address_not_https = { profile-error-connect_address_not_https }
error-connect_address_private = { profile-error-connect_address_private }
error-connect_address_invalid = { profile-error-connect_address_invalid }
error-connect_unreachable = The server could not be reached ({ $detail }). Check the address, or try again later.
error-connect_not_the_network = That address does not answer like a { $network } server. Check the address.
error-connect_wrong_credentials =
    { $network ->
        [Bluesky] Bluesky did not accept the handle and app password. Check both, or make a new app password.
       *[other] The instance did not accept the access token. Check it, or make a new one with the scopes read and write.
    }
error-connect_refused = The server refused: { $detail }
error-connect_other_account = Those credentials belong to { $found }, not to { $expected }. Connect that account as a new profile instead.
error-connect_oauth_expired = { profile-error-connect_oauth_expired }
error-connect_declined = { profile-error-connect_declined }
error-connect_not_supported = { profile-error-connect_not_supported }
error-cursor_invalid = The page link is not one Sangam made. Start again from the top of the inbox.
error-direction_invalid = The direction is older or newer.
error-bulk_selection_invalid = Select between 1 and 100 messages.
error-bulk_action_invalid = { inbox-bulk-pick-action }
error-tag_invalid = A tag is 1 to 40 characters long.
error-note_invalid = Write between 1 and 5000 characters.
error-reply_invalid = Write between 1 and 5000 characters.
error-saved_reply_invalid = Write between 1 and 5000 characters.
error-saved_reply_name_invalid = Give the saved reply a name (up to 100 characters).
error-shield_not_opted_in = Only people who chose to handle abusive messages can open them. Opt in on the inbox settings page.
error-shield_budget_reached = You have opened { $exposure } abusive messages today, which is the daily budget of { $budget }. Leave this one to a colleague; the budget starts again tomorrow.
error-mute_action_invalid = Choose mute or block.
error-rule_name_invalid = Give the rule a name (up to 100 characters).
error-rule_without_conditions = A rule needs at least one condition and one action.
error-rule_without_actions = A rule needs at least one condition and one action.
error-inbox_settings_invalid =
    { $case ->
        [numbers] Enter whole numbers.
       *[range] The SLA is 1 minute to 7 days; the budget is 0 to 1000 messages a day.
    }
error-business_hours_invalid =
    { $case ->
        [format] Enter times as HH:MM.
       *[order] Business hours end after they start, within one day.
    }
error-focus_kind_invalid = The kind must be compose, review or report.
error-checkin_invalid = Energy and workload are whole numbers from 1 to 5.
error-checkin_note_too_long = The note can be at most { $max } characters.
error-goal_objective_invalid = Say the business objective in 1 to 500 characters.
error-goal_metric_invalid = Pick a metric from the list; goals follow catalogue metrics that reports compute.
error-goal_target_invalid = The target must be a number different from the baseline.
error-goal_dates_invalid =
    { $case ->
        [order] The goal must end on or after the day it starts.
       *[format] Give the start and end as YYYY-MM-DD.
    }
error-goal_profiles_invalid = Pick the goal's profiles from the list.
error-report_unknown =
    { $case ->
        [bare] Name a report.
       *[list] Name a report: profiles, posts, tags or inbox.
    }
error-report_date_invalid = { $field }: use YYYY-MM-DD.
error-report_period_invalid = The period must start on or before its last day.
error-report_period_too_long = Pick a period of three years or less.
error-report_compare_invalid = A custom comparison needs both of its dates, in order.

# Inbox store and rules (helper: inbox, care, reports)
error-rule_fact_unknown = A rule can only look for words the analysis gives: “{ $value }” is not one of them.

# Posts: one version per network (issue 13)
error-post_variant_repeated = The post has two versions for { $network }: keep one.

## Outgoing webhooks
nav-webhooks = Webhooks
webhooks-title = Webhooks
webhook-title = Webhook
webhooks-intro = Other systems can hear what happens here: Sangam posts a signed JSON event (schema sangam.webhook.v1) to each address for the events it is subscribed to, and sends it again with growing pauses until the receiver answers 2xx. Each event keeps its id on every attempt, so a receiver can drop repeats.
webhooks-none = No webhooks yet.
webhook-new = New webhook
webhook-url = Address (https)
webhook-description = What it is for
webhook-events = Events to send
webhook-create = Create the webhook
webhook-created = The webhook for { $url } is set up.
webhook-secret-once = Its signing secret is below. Copy it now: it is shown this once. The receiver checks the Sangam-Signature header with it (HMAC-SHA256 of the timestamp, a dot and the body).
webhook-open = Open the webhook and its delivery log
webhook-enabled = On
webhook-disabled = Off
webhook-back = All webhooks
webhook-test = Send a test event
webhook-test-queued = A test event ({ $id }) is on its way; its attempts appear in the delivery log below.
webhook-rotate = Make a new secret
webhook-rotated = The new signing secret is below, shown this once. The old one keeps signing too for 24 hours, so the receiver can switch over.
webhook-previous-until = The previous secret also signs until { $time }.
webhook-pending = { $count ->
    [one] One event is waiting to be delivered.
   *[other] { $count } events are waiting to be delivered.
}
webhook-log = Delivery log
webhook-log-none = Nothing has been sent yet.
webhook-log-time = When
webhook-log-event = Event
webhook-log-attempt = Attempt
webhook-log-status = Answer
webhook-log-latency = Time taken
webhook-log-response = First bytes of the answer
webhook-latency-ms = { $ms } ms
webhook-settings = Settings
webhook-save = Save
webhook-delete = Remove the webhook
webhook-event-post-published = Post published
webhook-event-delivery-failed = Delivery failed
webhook-event-delivery-unknown = Delivery unknown (sent, no answer)
webhook-event-approval-requested = Approval requested
webhook-event-approval-decided = Approval decided
webhook-event-message-received = Message received
webhook-event-message-abusive = Abusive message received
webhook-event-crisis-paused = Crisis switch: publishing paused
webhook-event-crisis-resumed = Crisis switch: publishing resumed
webhook-event-goal-reached = Goal reached
webhook-event-listening-spike = Listening spike
webhook-event-webhook-test = Test event
error-webhook_url_invalid = That is not a web address Sangam can post to. Give the whole address, starting with https://.
error-webhook_url_not_https = The address must start with https://.
error-webhook_url_private = That address is on a private or local network, which Sangam does not contact. An administrator can allow it with networks.allow_private_addresses.
error-webhook_events_invalid = Choose at least one event to send.
error-webhook_description_too_long = Keep the description to { $max } characters.

# Single sign-on with OpenID Connect (helper: sso, issue 17)
nav-sso = Single sign-on
sso-title = Single sign-on
sso-sign-in-with = Sign in with { $provider }
sso-break-glass = Sign in with a password (break-glass Admin only)
sso-saved = The single sign-on settings are saved.
sso-intro = People sign in with your company's identity provider (OpenID Connect: authorisation code with PKCE). Sangam matches them to a person here by their verified email.
sso-at-provider = At your identity provider
sso-redirect-uri = Register this address as the client's redirect URI:
sso-needs = The client needs the authorization code grant and the scopes openid and email; Sangam reads the provider's keys from its discovery document.
sso-linked = { $count ->
    [one] One provider account is linked to a person here.
   *[other] { $count } provider accounts are linked to people here.
}
sso-private-allowed = The config file allows an issuer on http, loopback or a private network (sso.allow_private_issuer).
sso-from-config-title = Set in the config file
sso-from-config = These settings come from the [sso] section of the config file, which wins over this page. Change them there and restart Sangam.
sso-enabled = Offer single sign-on on the sign-in page
sso-yes = Yes
sso-no = No
sso-provider-name = Provider name (shown on the button)
sso-issuer = Issuer URL
sso-client-id = Client ID
sso-client-secret = Client secret
sso-secret-kept = A client secret is stored (sealed). Leave the field empty to keep it.
sso-secret-none = No client secret is stored: Sangam signs in as a public client, with PKCE only.
sso-remove-secret = Remove the stored client secret
sso-scopes = Scopes
sso-new-people = Someone with a verified email nobody here has
sso-new-refuse = Refuse them (an Admin adds or invites them first)
sso-new-create-with = Add them with the default role
sso-new-create = Added with the role { $role }
sso-default-role = Default role
sso-only = SSO only
sso-only-help = Turn password sign-in off for everyone but the break-glass Admin
sso-only-on = On; { $email } may still sign in with a password
sso-break-glass-admin = Break-glass Admin (email of an Admin who may still use a password)
sso-save = Save
audit-do-signed_in_sso = signed in with single sign-on
audit-do-sso_refused = was refused single sign-on
audit-do-sso_person_created = was added by single sign-on
audit-do-sso_settings_saved = changed the single sign-on settings
audit-kind-sso = single sign-on
error-sso_not_configured = Single sign-on is not set up. Sign in with your email and password, or ask an Admin.
error-sso_provider_unreachable = The sign-in provider could not be reached. Try again in a moment; if it keeps happening, ask an Admin to check the provider.
error-sso_provider_error = The sign-in provider refused or answered in a way Sangam does not understand. Try again, or ask an Admin to check the single sign-on settings.
error-sso_issuer_not_allowed = Sangam only contacts identity providers at https addresses on the public internet. For a provider on your own network, set sso.allow_private_issuer = true in the config file.
error-sso_state_mismatch = This sign-in did not start here, or took too long. Start again with the sign-in button.
error-sso_token_invalid = The provider's answer was not meant for Sangam (wrong issuer or audience, or missing details). Ask an Admin to check the single sign-on settings.
error-sso_token_signature_invalid = The provider's answer is not signed by the provider's key, so it may have been altered. Sign-in was refused.
error-sso_token_expired = The provider's answer has expired. Start again with the sign-in button; if it keeps happening, check the clocks of Sangam and the provider.
error-sso_nonce_mismatch = The provider's answer belongs to another sign-in, so it may have been replayed. Start again with the sign-in button.
error-sso_email_not_verified = The provider did not say that your email is verified. Verify it there, then sign in again.
error-sso_account_refused = There is no active account here for you. Ask an Admin to add or invite you.
error-sso_passwords_off = Password sign-in is turned off: sign in with { $provider }.
error-sso_settings_invalid = { $field ->
    [provider_name] Give the provider a name of up to 60 characters.
    [issuer] The issuer must be a web address, e.g. https://id.example.com/realms/team.
    [client_id] Enter the client ID the provider gave Sangam (up to 200 characters).
    [client_secret] The client secret is too long or has control characters.
    [scopes] Scopes are words separated by spaces, e.g. openid email profile.
    [default_role] Choose the role of people added by single sign-on: any role but Admin.
    [new_people] Choose what happens to someone nobody here has.
    [break_glass] SSO only needs the email of an active Admin of this workspace as the break-glass account.
   *[other] Check the single sign-on settings.
}
error-sso_managed_by_config = The single sign-on settings come from the config file's [sso] section, which wins over this page: change them there.


# The weekly review and insights (issue 16)
error-review_item_invalid = An agenda item, note, decision or action needs its words ({ $reason }).
error-insight_invalid = An insight card needs { $reason }.
nav-review = Weekly review
nav-insights = Insights
review-title = Weekly review
review-list = Reviews
review-none = No review has been drafted yet. The engine drafts one when a week ends; you can draft any week now.
review-draft = Draft the review of the week holding
review-draft-button = Draft
review-week = Week of { $from } to { $to } ({ $zone })
review-drafted-engine = Drafted by Sangam at { $at }
review-drafted-person = Drafted on demand by a person at { $at }
review-worked = What worked
review-worked-none = No post was 1.5 times its profile's median engagement rate or more this week.
review-did-not = What did not
review-did-not-none = No post was at two thirds of its profile's median engagement rate or less this week.
review-times = { $times } times the profile's median ({ $rate } against { $median })
review-shared = What the week's posts share
review-shared-help = Posts with a trait against posts without it: median engagement rate per follower, and how many posts. These are comparisons, not causes.
review-shared-line = { $attribute } “{ $value }”: median { $with } vs { $without } without, { $nwith } vs { $nwithout } posts
review-attr-time_slot = Time slot
review-attr-format = Format
review-attr-language = Language
review-attr-length = Length
review-attr-tag = Tag or campaign
review-goals = Goals
review-goals-none = No goal runs during this week.
review-goal-off-track = off track
review-goal-on-track = on track
review-goal-no-forecast = no forecast yet
review-inbox = The inbox
review-inbox-received = Messages received: { $n } (last week { $prev })
review-inbox-rate = Response rate: { $rate } (last week { $prev })
review-inbox-first = First response median: { $median }; within the { $sla }-minute SLA: { $within } of { $actionable }
review-sentiment = Sentiment by day
review-sentiment-week = Last week: { $pos } positive, { $neu } neutral, { $neg } negative
review-complaints = What people complained about
review-praise = What people praised
review-themes-none = No phrase came up in two or more messages.
review-theme-line = { $count } messages (last week { $prev }, { $change })
review-team = The team (totals only)
review-team-line = { $people } people: { $inbox } min on the inbox, { $compose } composing, { $approval } on approvals, { $report } on reports; { $handled } messages handled, { $shipped } posts shipped; { $exposure } abusive messages opened; { $after } actions after hours. (This week so far, as on the care page.)
review-checkin = Check-in average of the week: energy { $energy }, workload { $workload } ({ $people } people)
review-checkin-hidden = The check-in average is shown only for an ended week with three or more check-ins ({ $people } so far).
review-listening = Competitor and listening highlights: Sangam does not collect competitor or listening data yet, so the review has none.
review-meeting = The meeting
review-carried = Open actions from earlier weeks
review-items = Agenda, notes and decisions
review-add = Add
review-kind-agenda = Agenda item
review-kind-note = Note
review-kind-decision = Decision
review-kind-action = Action item
review-owner = Owner
review-due = Due
review-done = Done
review-mark-done = Mark done
review-body = Words
review-make-insight = Make an insight card
insights-title = Insights
insights-none = No insight cards yet. Make one from a figure, a theme or a message of the weekly review.
insights-sentence = Insight
insights-goal = Business goal it supports
insights-goal-pick = A goal of the workspace
insights-evidence = Evidence
insights-source = Made from
insights-source-figure = a figure
insights-source-theme = a theme
insights-source-message = a message
insights-publish = Publish to other departments
insights-published = Published { $at }
insights-draft = Not published
insights-share = Share the digest (read-only link)
insights-share-link = Anyone with this link can read the published insights until { $expires }:
insights-print = Printable page
insights-digest = Insights from the social team
insights-digest-none = Nothing has been published yet.
insights-new = New insight card
insights-create = Save the card

# Bulk scheduling (posts/bulk)
bulk-title = Bulk schedule
bulk-intro = Schedule many posts at once from a spreadsheet: one row a post. Every row is checked against each network's limits and the queue before anything is saved.
bulk-template = Download the template (CSV)
bulk-link = Bulk schedule from a spreadsheet
bulk-upload = Upload a CSV or paste rows
bulk-format = Columns: text, profiles (handles separated by ;), time (local, like 2030-01-06 09:30; empty takes the next free queue time), zone, tags (separated by ;), campaign, image (an https address or the file name of an image chosen below), image_alt, and a column per network for its own wording (text_bluesky, text_mastodon, text_sandbox). At most { $max } rows and 2 MB.
bulk-file = CSV file
bulk-paste = Or paste rows from a spreadsheet
bulk-zone = Time zone of rows without a zone
bulk-images = Images the rows name by file name
bulk-uploaded = { $count ->
    [one] One image uploaded with these rows.
   *[other] { $count } images uploaded with these rows.
}
bulk-check = Check the rows
bulk-checked = { $count ->
    [one] One row checked:
   *[other] { $count } rows checked:
}
bulk-good = { $count } can be scheduled,
bulk-bad = { $count } cannot.
bulk-created = { $count ->
    [one] One post was scheduled. See it on the calendar:
   *[other] { $count } posts were scheduled in one go. See them on the calendar:
}
bulk-schedule = { $count ->
    [one] Schedule the good row
   *[other] Schedule the { $count } good rows
}
bulk-bad-title = Rows that cannot be scheduled ({ $count })
bulk-good-title = Rows to schedule ({ $count })
bulk-line = Line
bulk-code = Code
bulk-reason = Reason
bulk-when = When
bulk-profiles = Profiles
bulk-status = Status
bulk-text = Text
bulk-status-approved = Scheduled
bulk-status-pending_approval = Waits for approval
error-bulk_file_too_large = The sheet is { $size }; the most one upload takes is { $limit }. Split it into smaller files.
error-bulk_file_unreadable = The sheet could not be read as CSV text (UTF-8) near line { $line }.
error-bulk_column_unknown = The column “{ $column }” is not one Sangam knows. Use the template's columns: text, profiles, time, zone, tags, campaign, image, image_alt, text_bluesky, text_mastodon, text_sandbox.
error-bulk_column_missing = The sheet has no “{ $column }” column; its first line must name the columns.
error-bulk_no_rows = The sheet has no rows of posts below its header line.
error-bulk_too_many_rows = The sheet has more than { $max } rows; split it into smaller files.
error-bulk_profile_unknown = No profile of this workspace has the handle “{ $handle }”.
error-bulk_time_invalid = “{ $value }” is not a time Sangam can read; write it like 2030-01-06 09:30.
error-bulk_zone_unknown = “{ $zone }” is not a time zone; use a name like Asia/Kolkata or Europe/London.
error-bulk_image_not_uploaded = No image named “{ $name }” was uploaded with these rows.
error-bulk_image_unreachable = The image { $url } could not be used: { $reason }.

# Tracked links, conversions, cost and ROI (issue 14)
nav-links = Tracked links
nav-conversions = Conversions
nav-costs = Hourly costs
links-title = Tracked links
links-intro = The composer adds these UTM parameters to the links of a post when “Track links” is ticked, and can send them through Sangam's own short links, which count clicks (bots and link previews left out, no address stored).
links-presets = UTM presets
links-presets-note = utm_campaign is the post's first tag. Letters, digits, - _ and . only.
links-presets-save = Save presets
links-network = Network
links-recent = Short links of the last 90 days
links-none = No short links yet: tick “Track links” and “Use short links” in the composer.
links-short = Short link
links-destination = Destination
links-campaign = Campaign
links-post = post
compose-track-links = Track links (add UTM parameters)
compose-short-links = Use Sangam short links (count clicks)
compose-track-links-help = Each network's copy gets its own parameters; a link already tracked is left as it is.
conversions-title = Conversions
conversions-intro = Sales and sign-ups your campaigns brought: imported from a spreadsheet, sent to the API, or reported by the snippet on your site.
conversions-imported = { $count ->
    [one] Imported one conversion row.
   *[other] Imported { $count } conversion rows.
}
conversions-duplicates = { $count ->
    [one] One row was already imported (same external id) and was skipped.
   *[other] { $count } rows were already imported (same external id) and were skipped.
}
conversions-bad-rows = { $count ->
    [one] One row could not be imported
   *[other] { $count } rows could not be imported
}
conversions-line = Line
conversions-reason = Why
conversions-row = Row
conversions-preview-title = { $count ->
    [one] One row can be imported
   *[other] { $count } rows can be imported
}
conversions-import-good = { $count ->
    [one] Import this row
   *[other] Import these { $count } rows
}
conversions-upload = Import a CSV file
conversions-format = Columns (first line): date (YYYY-MM-DD in your time zone, or a full time), campaign or link (a short-link code), count, value (like 49.90), currency (INR, USD, EUR or GBP), external_id (optional: a repeat is skipped).
conversions-file = File
conversions-paste = Or paste it here
conversions-preview = Preview
conversions-snippet = Snippet for your site
conversions-snippet-note = Put the first line on every page of your site; call sangam.conversion where the sale happens. It reports the click id the short link brought (sg_click), so the sale is credited to the post's campaign.
conversions-spend = Spend per campaign
conversions-date = Date
conversions-amount = Amount ({ $currency })
conversions-note = Note
conversions-spend-save = Add spend
conversions-currency = Currency
conversions-currency-note = Costs, spend and return are stated in this currency; conversions in another one are listed apart.
conversions-currency-save = Save currency
conversions-recent = Conversions of the last 90 days
conversions-none = No conversions yet.
conversions-count = Count
conversions-value = Value
conversions-external-id = External id
conversions-source = Came from
conversions-source-csv = CSV import
conversions-source-api = API
conversions-source-snippet = Snippet on your site
conversion-row-date = The date is not YYYY-MM-DD or a full time.
conversion-row-link = No short link of this workspace has this code.
conversion-row-campaign = Give a campaign (a tag, up to 40 characters) or a link.
conversion-row-count = The count must be a whole number from 1 to 1,000,000.
conversion-row-value = The value must be a positive amount with at most two decimals.
conversion-row-currency = The currency must be INR, USD, EUR or GBP.
conversion-row-external_id = The external id is longer than 200 characters.
conversion-row-repeated = This external id is already on an earlier line of the file.
costs-title = Hourly costs
costs-intro = What an hour of each person's time costs. Only Admins see these; reports show a campaign's labour cost, never a person's rate. Leave empty for none.
costs-person = Person
costs-per-hour = Per hour ({ $currency })
costs-save = Save hourly costs
report-roi-title = Campaign ROI
report-roi-table = Return per campaign
report-roi-note = Social ROI = (value − cost) ÷ cost × 100. Cost = the team's time on the campaign's posts and conversations × each person's hourly cost, plus spend. Composing and review time counts for the post saved or decided within a minute of the session; inbox time for messages answering the campaign's posts; report time while this report is open for one campaign. A post with two campaigns counts in both.
report-roi-listed = Only the first { $count } rows are listed; the figures count them all.
report-roi-clicks = Clicks
report-roi-clicks-note = Visitor day: the UTC day whose salt made the visitor hash (a person clicking twice that day is one unique visitor).
report-roi-conversions = Conversions
report-roi-work = Time on the campaign
report-roi-work-note = Hourly costs are not shown here.
report-roi-spend = Spend
report-chart-roi = Social ROI per campaign
report-col-campaign = Campaign
report-col-work = Time
report-col-labour-cost = Labour cost
report-col-spend = Spend
report-col-time = When
report-col-link = Link
report-col-visitor-day = Visitor day
report-col-external-id = External id
report-col-person = Person
report-col-work-kind = Work
report-col-note = Note
report-work-compose = Composing
report-work-review = Reviewing
report-work-report = Reporting
report-work-inbox = Inbox
glossary-link_clicks-name = Link clicks
glossary-link_clicks-formula = Requests for a Sangam short link by a person; crawlers, the networks' link previewers and HEAD requests are not counted.
glossary-unique_visitors-name = Unique visitors
glossary-unique_visitors-formula = Different (UTC day, visitor) pairs among the clicks; visitor = SHA-256(the day's salt, address, browser); the salt is deleted after its day, so no address can be recovered.
glossary-conversions-name = Conversions
glossary-conversions-formula = Sum of the counts of the conversions credited to the campaign (named on the conversion, through its short link, or through the click id).
glossary-conversion_value-name = Conversion value
glossary-conversion_value-formula = Sum of the values of the conversions credited to the campaign, in the workspace's currency.
glossary-campaign_cost-name = Campaign cost
glossary-campaign_cost-formula = Sum over people of hours on the campaign × their hourly cost, plus the spend entered for it.
error-utm_preset_invalid = “{ $value }” cannot be a UTM value: use 1 to 60 letters, digits, - _ or .
error-conversion_invalid = A conversion's { $field } is not right.
error-conversion_csv_invalid = The file is not a conversions CSV: its first line must name the columns date, campaign or link, and currency (at most 10,000 rows, UTF-8).
error-click_unknown = Sangam did not hand out this click id.
error-money_invalid = Write the amount as a positive number with at most two decimals, like 1250.50.
error-currency_invalid = Choose INR, USD, EUR or GBP.
error-campaign_invalid = Give the campaign's tag (up to 40 characters).

# Networks through the workspace's own developer app (issue 18)
profiles-apps-title = Networks through your own app
profiles-apps-help = Facebook, Instagram, Threads, LinkedIn and X connect through your workspace's own developer app. Register an app on the network with the redirect URL below, enter its client ID and secret here once, then connect.
profiles-app-redirect = Redirect URL to register
profiles-app-scopes = Scopes asked
profiles-app-client-id = Client ID
profiles-app-client-secret = Client secret
profiles-app-secret-set = A secret is set; it is never shown again. Enter a new one to replace it.
profiles-app-not-set = No app entered yet.
profiles-app-save = Save the app
profiles-app-connect = Connect with { $network }
profiles-app-admin-only = Only an Admin enters the app's credentials.
profiles-pick-title = Pick the accounts to add
profiles-pick-help = The network granted access to these accounts. Tick the ones Sangam should add as profiles.
profiles-pick-submit = Add the ticked accounts
profiles-token-expires = Token valid until { $when }
profiles-token-warning = Sangam cannot renew this token: it stops working on { $when }. Reconnect the profile before then.
profiles-token-error = The last renewal failed: { $detail }
profile-error-connect_app_missing = Enter the workspace's app for this network first (its client ID and secret).
profile-error-connect_oauth_denied = Access was not granted on the network: the sign-in was declined.
profile-error-connect_oauth_state = The sign-in did not come back from the network in time, was already used, or was started by someone else. Please start again.
profile-error-connect_exchange_refused = The network refused to finish the sign-in. Check the app's client ID, secret and registered redirect URL.
error-connect_app_missing = { profile-error-connect_app_missing }
error-connect_oauth_denied = { profile-error-connect_oauth_denied }
error-connect_oauth_state = { profile-error-connect_oauth_state }
error-connect_exchange_refused = The network refused to finish the sign-in: { $detail }
error-network_app_unknown = That network is not connected through a workspace app here.
error-network_app_invalid = Enter both the client ID and the client secret.

# The Shield threshold page (issue 19)
shield-threshold-title = Shield threshold
shield-threshold-link = Shield threshold: how sure the Shield must be
shield-threshold-intro = Each message gets an abuse score between 0 and 1. From the threshold on it counts as abusive: it is blurred and goes only to people who handle abusive messages. A lower threshold catches more abuse and blurs more harmless messages; a higher one the reverse.
shield-threshold-current = Current threshold:
shield-threshold-label = Threshold
shield-threshold-help = Saving decides the open messages nobody has given a verdict on again, and every new message is judged at the new threshold.
shield-threshold-source-team = { $count ->
    [one] Expected figures from your team's own verdict on { $count } message.
   *[other] Expected figures from your team's own verdicts on { $count } messages (each message's score when it arrived, and the last verdict on it).
}
shield-threshold-source-dev = { $count ->
    [one] Expected figures from the dev sets (English, Hindi and Hinglish posts labelled by researchers), measured with the shipped model. Your team has given { $count } verdict; its own figures are used from 30 verdicts on, with at least 5 of each kind.
   *[other] Expected figures from the dev sets (English, Hindi and Hinglish posts labelled by researchers), measured with the shipped model. Your team has given { $count } verdicts; its own figures are used from 30 verdicts on, with at least 5 of each kind.
}
shield-threshold-precision = Expected precision (of the messages blurred, share really abusive):
shield-threshold-recall = Expected recall (of the abusive messages, share blurred):
shield-threshold-precision-short = Precision
shield-threshold-recall-short = Recall
shield-threshold-confusion = Confusion table at this threshold
shield-threshold-flagged = Blurred
shield-threshold-not-flagged = Not blurred
shield-threshold-abusive = Abusive
shield-threshold-not-abusive = Not abusive
shield-threshold-sets = Each dev set at this threshold
shield-threshold-set = Dev set
shield-threshold-curve = Other thresholds
error-shield_threshold_invalid = The threshold must be a number from { $min } to { $max }.

# Competitors (issue 15)
nav-competitors = Competitors
competitors-title = Competitors
competitors-intro = Public accounts you watch on Bluesky, Mastodon and the sandbox. Sangam reads only what anyone on the network can see, with no sign-in: the profile's counts and its own recent posts (not replies or reposts), read back when the account is added and refreshed every { $minutes } minutes.
competitors-add = Add a competitor
competitors-network = Network
competitors-handle = Handle or profile address
competitors-handle-hint = For example brand.bsky.social, brand@mastodon.social, or on the sandbox: { $examples }
competitors-add-button = Add
competitors-added = { $name } is watched now. Its recent posts are being read back; the report fills in within a minute.
competitors-removed = { $name } is no longer watched. Its history is kept: add it again to bring it back.
competitors-remove = Stop watching
competitors-empty = No competitors yet. Add one above.
competitors-empty-read = No competitors are watched yet. An Admin, Manager or Member can add them.
competitors-col-name = Account
competitors-col-followers = Followers
competitors-col-posts = Posts stored
competitors-col-read = Last read
competitors-col-status = Status
competitors-backfilling = Reading its recent posts
competitors-ok = Up to date
competitors-failed = Last read failed: { $error }
competitors-never = not yet
competitors-compare = Compare with us
report-competitors-title = Competitors
report-competitors-choose = Competitors in the report (up to 20; none chosen: the first 20)
report-competitors-table = Us and our competitors, side by side
report-competitors-note = Our lines are the profiles chosen above (all when none is); every rate is the catalogue's formula, the same for both sides. A competitor's engagement rates divide by its followers at post time; for posts older than its first snapshot (read back when it was added: the networks keep no follower history) by the followers at that first snapshot.
report-competitors-best = Best posts (most engagements)
report-competitors-times = Posting times (your time zone)
report-competitors-times-note = Posts published in each hour of the week, per account, in { $zone }.
report-competitors-hashtags = Hashtags used
report-chart-competitor-followers = Followers over time
report-col-account = Account
report-col-side = Side
report-col-hashtags = Hashtags
report-col-weekday = Weekday
report-col-hour = Hour
report-col-posts = Posts
report-side-us = Us
report-side-competitor = Competitor
glossary-posts_per_week-name = Posts per week
glossary-posts_per_week-formula = Posts published in the period divided by the period's weeks (its days / 7).
error-competitor_not_found = { $network } has no account called { $handle }. Check the spelling, or paste the address of its profile page.
error-competitor_network_unsupported = Competitors can be watched on Bluesky, Mastodon and the sandbox.
error-competitor_unreachable = { $network } could not be reached to look the account up: { $detail }
error-competitor_too_many = A competitor report compares up to 20 competitors at once: choose fewer.
error-competitor_handle_empty = Type the account's handle or the address of its profile page.
error-topic_query_empty = Type what to listen for: words, "a phrase", #hashtags, with AND, OR and NOT.
error-topic_query_unbalanced_quote = The quote at character { $at } is never closed.
error-topic_query_unbalanced_parenthesis = The parenthesis at character { $at } has no partner.
error-topic_query_empty_not = NOT at character { $at } has nothing after it to leave out.
error-topic_query_dangling_operator = The operator at character { $at } is missing a word on one side.
error-topic_query_empty_group = There is nothing between the quotes or parentheses at character { $at }.
error-topic_query_empty_filter = The filter at character { $at } has no value (lang:hi, from:handle, #tag).
error-topic_query_nothing_to_find = The query only leaves posts out or filters them: add a word, phrase or hashtag to look for.
error-topic_name_empty = Give the topic a name.
error-topic_networks_invalid = Choose at least one network to listen on: Bluesky, Mastodon or the sandbox.
error-topic_voice_invalid = A competitor's topic needs the competitor's name (and the voice is none, ours or competitor).

# Listening
nav-listening = Listening
nav-share-of-voice = Share of voice
listening-title = Listening
listening-intro = A topic is a query that Sangam runs every few minutes against Bluesky's and Mastodon's search and the sandbox. Each public post it matches is stored once, analysed for language, sentiment and abuse, and counted below.
listening-empty = No topics yet. Add one below.
listening-col-topic = Topic
listening-query = Query
listening-query-hint = Words, "a phrase", #hashtags; AND, OR and NOT (or -word) in capitals; parentheses; lang:hi for a language; from:handle for one account, NOT from:handle to leave one out.
listening-networks = Networks
listening-voice = Share of voice
listening-voice-none = Not counted
listening-voice-ours = Our brand
listening-voice-competitor = A competitor
listening-voice-competitor-named = Competitor: { $name }
listening-competitor = Competitor's name (for a competitor's topic)
listening-col-run = Last searched
listening-never = Not yet
listening-remove = Remove
listening-add = Add a topic
listening-name = Name
listening-add-button = Add topic
listening-back = ← All topics
listening-last-error = The last search could not finish:
listening-spike = Spike
listening-crisis = Open the crisis switch
listening-show = Show
listening-volume = Posts
listening-over-time = Volume and sentiment by day
listening-col-day = Day
listening-sentiment-positive = Positive
listening-sentiment-neutral = Neutral
listening-sentiment-negative = Negative
listening-top-authors = Top authors
listening-top-terms = Top terms
listening-top-hashtags = Top hashtags
listening-spikes = Spikes
listening-method = How a spike is found: a bucket is one hour. An hour is a spike when its posts are above the median + 3 × 1.4826 × MAD (median absolute deviation) of the previous 24 hours, and at least 5 posts above the median; or when its share of negative posts is above the median + 3 × 1.4826 × MAD of the previous hours' shares, at least 15 points above it, in an hour of at least 8 posts. At least 6 earlier hours are needed. A spike is announced once, however many searches see it.
listening-no-spikes = No spikes in this period.
listening-spike-volume = { $at }: { $observed } posts in the hour, above the threshold of { $threshold } (usual: { $median }).
listening-spike-negative = { $at }: { $observed } of the hour's posts were negative, above the threshold of { $threshold } (usual: { $median }).
listening-posts-newest = Newest posts
listening-posts-filtered = The posts behind the figure
listening-posts-spike = The posts of the spike's hour
listening-no-posts = No posts.
listening-abusive = abusive
listening-open = Open
listening-share-title = Share of voice
listening-share-no-ours = No topic is marked as our brand: mark one "Our brand" and others "A competitor" on the Listening page.
listening-share-sentence = Here: { $ours } of our mentions ÷ { $denominator } mentions in all.
listening-positive-share-sentence = Here: { $ours } of our positive mentions ÷ { $denominator } positive mentions in all.
listening-no-mentions = no mentions
listening-col-brand = Brand
listening-col-ours = Ours
listening-col-mentions = Mentions
listening-col-positive = Positive mentions
listening-col-total = All brands
listening-csv = Download CSV
listening-print = Printable page

## Audience and target segments
nav-audience = Audience
report-audience-title = Audience
audience-all-profiles = All profiles
audience-table-who = Who engages
audience-table-who-note = Engagers are counted per profile: the same person engaging with two profiles is two engagers. Likes and reposts come from the networks' lists, replies, mentions and quotes from the inbox. Followers gained and lost compare complete follower lists.
audience-table-kinds = Engagements by kind
audience-col-kind = Kind
audience-kind-like = Likes
audience-kind-repost = Reposts
audience-kind-quote = Quotes
audience-kind-reply = Replies
audience-kind-mention = Mentions
audience-table-top = Top engagers
audience-table-top-note = The accounts with the most engagements in the period. Names and bios are written by the accounts themselves.
audience-col-account = Account
audience-col-name = Name
audience-col-language = Language
audience-col-their-followers = Their followers
audience-col-follows-us = Follows the profile
audience-col-bio = Bio
audience-yes = Yes
audience-no = No
audience-unknown = Not known
audience-chart-languages = Engagers by language
audience-table-languages = Languages of the engagers
audience-table-languages-note = The language of each engager's own replies, mentions and quotes, or of their bio when they wrote none.
audience-chart-hours = Engagements by hour
audience-table-hours = Engagements by hour
audience-table-weekdays = Engagements by weekday
audience-col-hour = Hour
audience-col-weekday = Weekday
audience-zone = Hours and weekdays in your time zone ({ $zone }).
audience-table-segments = Reach of the target audience
audience-table-segments-note = Share = engagements by accounts in the segment ÷ all engagements by account × 100.
audience-no-segments = No target audience is defined yet: add one under Target segments.
audience-table-segment-posts = Posts that reached the target audience best
audience-table-segment-posts-note = The { $count } posts per segment with the most engagements from it.
audience-table-segment-campaigns = Reach of the target audience per campaign
audience-table-segment-days = Reach of the target audience per day
audience-col-segment = Segment
audience-col-members = Engagers in the segment
audience-col-day = Day
segments-title = Target segments
segments-intro = A segment is the audience you want to reach. Every criterion you fill in must hold; within one, any entry will do (separate entries with commas). An account whose bio or follower count the network does not give is not counted as reached.
segments-none = No segments yet.
segments-name = Name
segments-languages = Languages (codes)
segments-bio-words = Words in the bio
segments-places = Places named in the bio
segments-min = At least this many followers
segments-max = At most this many followers
segments-followers = Follows the profile
segments-followers-either = Either
segments-followers-followers = Followers only
segments-followers-others = Non-followers only
segments-edit = Change
segments-save = Save
segments-delete = Delete
segments-new = New segment
segments-new-note = For example: languages “hi, en”, places “Pune, Mumbai”, at least 100 followers.
segments-add = Add segment
error-segment_invalid = The segment's { $field } is not valid: a name of 1 to 80 characters, language codes such as hi or en, at most 50 words or places of up to 80 characters each, and follower bounds as whole numbers with the minimum not above the maximum.
error-segment_name_taken = There is already a segment called “{ $name }”.
audit-do-segment_saved = saved a target segment
audit-do-segment_deleted = deleted a target segment
audit-kind-segment = segment
glossary-audience_engagers-name = Engagers
glossary-audience_engagers-formula = Distinct accounts with at least one engagement (like, repost, quote, reply, mention) in the period, per profile; profiles are added up.
glossary-audience_engagements-name = Engagements by account
glossary-audience_engagements-formula = Engagements in the period whose account the network names (likes and reposts from the network's lists, quotes, replies and mentions), each (account, kind, post) once.
glossary-new_engagers-name = New engagers
glossary-new_engagers-formula = Engagers in the period whose first engagement with the profile ever is in the period.
glossary-returning_engagers-name = Returning engagers
glossary-returning_engagers-formula = Engagers in the period who had engaged with the profile before the period started.
glossary-followers_gained-name = Followers gained
glossary-followers_gained-formula = Accounts in the last complete follower list at or before the period's end that were not in the last complete list at or before its start (the first list in the period when none is earlier).
glossary-followers_lost-name = Followers lost
glossary-followers_lost-formula = Accounts in the last complete follower list at or before the period's start (the first list in the period when none is earlier) that are not in the last complete list at or before its end.
glossary-engager_language_share-name = Engagers by language
glossary-engager_language_share-formula = Engagers in the period whose own words are in the language ÷ engagers in the period × 100; the language of their replies, mentions and quotes, else of their bio.
glossary-engagements_by_hour-name = Engagements by hour and weekday
glossary-engagements_by_hour-formula = Engagements in the period counted by the hour and the weekday at which they happened, in your time zone.
glossary-segment_engagements-name = Target audience engagements
glossary-segment_engagements-formula = Engagements in the period by accounts that match the segment (every criterion set: language, a bio word, a place in the bio, follower bounds, follower or not).
glossary-segment_share-name = Reach of the target audience
glossary-segment_share-formula = Engagements by accounts matching the segment ÷ engagements by account × 100, per post, campaign or day.
profiles-app-leaving = Taking you to { $network } to grant access…
profiles-app-continue = Continue
notice-token-expiring = Sangam cannot renew the { $network } token of @{ $handle } and it stops working on { $day }. Reconnect the profile on the Profiles page before then.
