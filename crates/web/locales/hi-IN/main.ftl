# Sangam, हिन्दी (भारत)। हर दिखने वाला वाक्य यहाँ है; en-US/main.ftl जैसी ही ids।
nav-label = मुख्य
nav-dashboard = डैशबोर्ड
nav-posts = पोस्ट
nav-compose = लिखें
nav-profiles = प्रोफ़ाइल
nav-people = लोग
nav-account = खाता
nav-logout = साइन आउट
footer-time-zone = समय { $zone } में दिखाए गए हैं
error-title = कुछ ठीक नहीं है
error-home = डैशबोर्ड पर लौटें
login-title = साइन इन
login-tagline = प्रकाशित करें, जुड़ें, मापें और ख़याल रखें।
login-email = ईमेल
login-password = पासवर्ड
login-submit = साइन इन करें
login-wrong = यह ईमेल और पासवर्ड मेल नहीं खाते।
login-too-many = बहुत अधिक प्रयास। कुछ मिनट रुककर फिर कोशिश करें।
role-admin = एडमिन
role-manager = मैनेजर
role-member = सदस्य
role-approver = अनुमोदक
role-viewer = दर्शक
dashboard-title = डैशबोर्ड
dashboard-followers = फ़ॉलोअर
dashboard-followers-now = अभी फ़ॉलोअर
dashboard-deliveries = डिलीवरी
dashboard-followers-chart = समय के साथ फ़ॉलोअर
dashboard-followers-source = हर प्रोफ़ाइल के सहेजे गए फ़ॉलोअर स्नैपशॉट से, पिछले 90 दिन।
dashboard-engagement-chart = हर पोस्ट पर एंगेजमेंट
dashboard-engagement-source = हर पोस्ट के नवीनतम स्नैपशॉट से लाइक, रीपोस्ट, जवाब और कोट, पिछले 30 दिनों की पोस्ट।
dashboard-no-snapshots = अभी कोई फ़ॉलोअर स्नैपशॉट नहीं। प्रोफ़ाइल जुड़ने के बाद ये हर 15 मिनट में लिए जाते हैं।
dashboard-no-engagement = पिछले 30 दिनों में एंगेजमेंट स्नैपशॉट वाली कोई प्रकाशित पोस्ट नहीं।
dashboard-recent-posts = हाल की पोस्ट
metric-likes = लाइक
metric-reposts = रीपोस्ट
metric-replies = जवाब
metric-quotes = कोट
state-scheduled = निर्धारित
state-sending = भेजी जा रही है
state-published = प्रकाशित
state-failed = विफल
state-unknown = अज्ञात
state-cancelled = रद्द
posts-title = पोस्ट
posts-none = अभी कोई पोस्ट नहीं।
posts-text = पाठ
posts-when = कब
posts-author = लेखक
posts-deliveries = डिलीवरी
post-title = पोस्ट
post-by = { $name } द्वारा
compose-title = लिखें
compose-text = आप क्या कहना चाहते हैं?
compose-profiles = किस पर पोस्ट करें
compose-when = कब
compose-now = अभी प्रकाशित करें
compose-later = बाद के लिए निर्धारित करें
compose-at = तारीख़ और समय ({ $zone })
compose-submit = पोस्ट सहेजें
compose-no-profiles = लिखने से पहले कोई प्रोफ़ाइल जोड़ें।
compose-time-invalid = निर्धारित पोस्ट के लिए तारीख़ और समय चुनें।
delivery-profile = प्रोफ़ाइल
delivery-state = स्थिति
delivery-detail = विवरण
delivery-open = नेटवर्क पर खोलें
delivery-retry = फिर से भेजें
delivery-unknown-help = नेटवर्क ने इस पोस्ट की पुष्टि नहीं की। दोबारा भेजने से पहले Sangam नेटवर्क से जाँच करता है, इसलिए यह कभी दो बार नहीं दिखेगी।
profiles-title = प्रोफ़ाइल
profiles-none = अभी कोई प्रोफ़ाइल नहीं जुड़ी।
profiles-name = नाम
profiles-network = नेटवर्क
profiles-status = स्थिति
profiles-since = जुड़ी
profiles-connect-sandbox = सैंडबॉक्स प्रोफ़ाइल जोड़ें
profiles-sandbox-help = सैंडबॉक्स एक अंतर्निहित अभ्यास नेटवर्क है: पोस्ट, फ़ॉलोअर, एंगेजमेंट और संदेश नकली (सिम्युलेटेड) हैं।
profiles-handle = हैंडल
profiles-connect = जोड़ें
profile-status-connected = जुड़ी हुई
profile-status-needs_reconnect = फिर से जोड़नी है
people-title = लोग
people-name = नाम
people-email = ईमेल
people-role = भूमिका
people-password = शुरुआती पासवर्ड
people-add = व्यक्ति जोड़ें
account-title = आपका खाता
account-preferences = भाषा और समय क्षेत्र
account-language = भाषा
account-time-zone = समय क्षेत्र
account-save = सहेजें
account-saved = सहेज दिया।
account-tokens = API टोकन
account-tokens-help = टोकन से स्क्रिप्ट आपकी ओर से API का उपयोग कर सकती हैं। इसे "Authorization: Bearer" के बाद टोकन लिखकर भेजें।
account-token-once = यह टोकन अभी कॉपी करें; यह दोबारा नहीं दिखेगा:
account-token-name = टोकन का नाम
account-token-create = टोकन बनाएँ
account-token-delete = हटाएँ
# इनबॉक्स।
nav-inbox = इनबॉक्स
inbox-title = इनबॉक्स
conversation-title = बातचीत
inbox-settings-title = इनबॉक्स सेटिंग्स
inbox-shortcuts = कुंजियाँ: j / k अगला और पिछला, o खोलें, x चुनें, / फ़िल्टर; बातचीत में r जवाब, n नोट, t टैग, a सौंपें, e पूरा, u वापस।
inbox-filter-profile = प्रोफ़ाइल
inbox-filter-network = नेटवर्क
inbox-filter-kind = प्रकार
inbox-filter-status = स्थिति
inbox-filter-language = भाषा
inbox-filter-sentiment = भावना
inbox-filter-abusive = अपमानजनक
inbox-filter-tag = टैग
inbox-filter-assigned = किसे सौंपा
inbox-filter-hidden = छिपे संदेश दिखाएँ
inbox-filter-apply = फ़िल्टर करें
inbox-filter-clear = फ़िल्टर हटाएँ
inbox-any = कोई भी
inbox-yes = हाँ
inbox-no = नहीं
inbox-assigned-me = मुझे
inbox-unassigned = किसी को नहीं सौंपा
inbox-count = { $count } संदेश
inbox-none = कोई संदेश मेल नहीं खाता।
inbox-in-conversation = इस बातचीत में { $count }
inbox-abusive = अपमानजनक
inbox-open-conversation = बातचीत खोलें
inbox-on-network = नेटवर्क पर देखें
kind-mention = उल्लेख
kind-reply = जवाब
kind-comment = टिप्पणी
kind-direct_message = सीधा संदेश
kind-quote = उद्धरण
status-open = खुला
status-done = पूरा
lang-en = अंग्रेज़ी
lang-hi = हिन्दी
sentiment-positive = सकारात्मक
sentiment-neutral = तटस्थ
sentiment-negative = नकारात्मक
inbox-sla = पहला जवाब { $minutes } कारोबारी मिनटों में देना है
inbox-clock-answered = कारोबारी समय के { $time } में जवाब दिया, SLA के भीतर
inbox-clock-answered-late = कारोबारी समय के { $time } में जवाब दिया, SLA से देर से
inbox-clock-waiting = जवाब के लिए कारोबारी समय के { $time } बचे हैं
inbox-clock-overdue = जवाब कारोबारी समय के { $time } से देर है
inbox-assigned-to = { $name } को सौंपा
inbox-assign = सौंपें
inbox-done = पूरा करें
inbox-reopen = फिर से खोलें
inbox-hide = छिपाएँ
inbox-unhide = फिर दिखाएँ
inbox-tag = टैग
inbox-tag-placeholder = नया टैग
inbox-reply = जवाब
inbox-use-saved = सहेजा जवाब लें
inbox-placeholders = प्लेसहोल्डर: {"{author}"} (उनका @हैंडल), {"{author_name}"}, {"{profile}"} (हमारा @हैंडल), {"{me}"} (आपका नाम)।
inbox-send-reply = जवाब भेजें
inbox-notes = आंतरिक नोट
inbox-add-note = नोट जोड़ें
inbox-settings-mine = मेरा इनबॉक्स
inbox-settings-workspace = टीम का इनबॉक्स
inbox-work-start = मेरे कामकाजी घंटे शुरू
inbox-work-end = मेरे कामकाजी घंटे ख़त्म
inbox-sla-minutes = पहला जवाब इतने कारोबारी मिनटों में
inbox-save = सहेजें
collision-intro = इस बातचीत पर कोई और भी है:
collision-viewed = देख रहे हैं
collision-replied = जवाब दिया
collision-assigned = सौंपा
collision-reassigned = फिर से सौंपा
collision-unassigned = सौंपना हटाया
collision-closed = पूरा किया
collision-reopened = फिर खोला
collision-tagged = टैग किया
collision-untagged = टैग हटाया
collision-noted = नोट जोड़ा
collision-opened = ढका संदेश खोला
collision-hid = छिपाया
collision-unhid = फिर दिखाया
collision-marked_abusive = अपमानजनक बताया
collision-marked_not_abusive = अपमानजनक नहीं बताया
collision-muted_author = लेखक को म्यूट किया
collision-blocked_author = लेखक को ब्लॉक किया
shield-title = ढाल
shield-open = खोलें
shield-warning = यह संदेश अपमानजनक माना गया है और धुंधला है। तैयार हों तभी खोलें।
shield-away = यह संदेश अपमानजनक माना गया है। यह केवल उन्हीं को जाता है जिन्होंने ऐसे संदेश सँभालना चुना है।
shield-exposure = आज आपने जितने अपमानजनक संदेश खोले:
shield-mark-abusive = अपमानजनक
shield-mark-not-abusive = अपमानजनक नहीं
shield-mute = लेखक को म्यूट करें
shield-block = लेखक को ब्लॉक करें
shield-mute-local = सैंडबॉक्स नेटवर्क में म्यूट या ब्लॉक नहीं है: Sangam इसे दर्ज करता है और लेखक के नए संदेश छिपाता है।
shield-opt-in = मैं अपमानजनक संदेश सँभालूँगा/सँभालूँगी
shield-opt-in-help = अपमानजनक संदेश धुंधले रहते हैं और बारी-बारी से केवल उन्हीं को जाते हैं जिन्होंने चुना है, हर व्यक्ति के दैनिक बजट तक।
shield-budget = प्रति व्यक्ति प्रति दिन अपमानजनक संदेश
rules-title = मॉडरेशन नियम
rules-help = हर नए संदेश पर नियम क्रम से चलते हैं: जब किसी नियम की सारी शर्तें पूरी हों, उसकी कार्रवाइयाँ लागू होती हैं। पहला सौंपना मान्य है। अपमानजनक संदेश हमेशा ढाल की बारी से जाते हैं।
rules-none = अभी कोई नियम नहीं।
rules-new = नया नियम
rules-name = नाम
rules-conditions = जब ये सब सही हों
rules-keywords = शब्द या वाक्यांश (अल्पविराम से अलग, कोई भी)
rules-abuse-label = अपमान का लेबल
rules-min-score = अपमान स्कोर कम से कम (0 से 1)
rules-min-followers = लेखक के कम से कम इतने फ़ॉलोअर
rules-link = लिंक है
rules-actions = तब
rules-alert = अलर्ट (गतिविधि लॉग)
rules-rotation = टीम में बारी-बारी से
rules-sample-kind = नमूना संदेश का प्रकार
rules-sample = परखने के लिए नमूना संदेश
rules-test = नमूने पर परखें
rules-save = नियम सहेजें
rules-test-match = नियम इस नमूने से मेल खाता है।
rules-test-no-match = नियम इस नमूने से मेल नहीं खाता।
rules-delete = हटाएँ
saved-replies-title = सहेजे जवाब
saved-replies-body = पाठ
# प्रकाशन: कंपोज़र, अनुमोदन, कैलेंडर, संकट स्विच, ऑडिट लॉग।
nav-calendar = कैलेंडर
nav-approvals = अनुमोदन
nav-crisis = संकट स्विच
nav-audit = ऑडिट लॉग
compose-edit-title = पोस्ट संपादित करें
compose-variants = हर नेटवर्क के लिए अलग पाठ
compose-variants-help = उस नेटवर्क पर मुख्य पाठ इस्तेमाल करने के लिए बॉक्स ख़ाली छोड़ें।
compose-variant-for = { $network } के लिए पाठ
compose-profiles-fixed = सहेजी गई पोस्ट की प्रोफ़ाइल वही रहती हैं; दूसरी प्रोफ़ाइल के लिए नई पोस्ट बनाएँ।
compose-tags = टैग और अभियान
compose-tags-placeholder = लॉन्च, मानसून-2026
compose-image = चित्र
compose-image-file = चित्र फ़ाइल
compose-image-alt = वैकल्पिक पाठ (जो लोग चित्र नहीं देख सकते, उनके लिए वर्णन)
compose-image-help = PNG, JPEG, GIF या WebP। चुनी गई प्रोफ़ाइलों के हर नेटवर्क की आकार-सीमा (Bluesky 1 MB) पोस्ट सहेजने से पहले जाँची जाती है।
compose-save-draft = ड्राफ़्ट के रूप में सहेजें
compose-preview = पूर्वावलोकन
status-draft = ड्राफ़्ट
status-pending_approval = अनुमोदन की प्रतीक्षा
status-changes_requested = बदलाव माँगे गए
status-rejected = अस्वीकृत
status-approved = अनुमोदित
posts-status = स्थिति
post-edit = संपादित करें
post-move-to = यहाँ ले जाएँ
post-move = ले जाएँ
post-delete = हटाएँ
approval-title = अनुमोदन
approval-waiting-on = चरण "{ $step }" की प्रतीक्षा है।
approval-none = अभी किसी ने इस पोस्ट की समीक्षा नहीं की।
approval-note = टिप्पणी (अस्वीकार करने या बदलाव माँगने के लिए ज़रूरी)
approval-approve = अनुमोदित करें
approval-request-changes = बदलाव माँगें
approval-reject = अस्वीकार करें
approval-comment = टिप्पणी करें
approval-link-title = टीम के बाहर के अनुमोदक को भेजें
approval-link-help = एक हस्ताक्षरित लिंक जो केवल यही पोस्ट दिखाता है और समय पर समाप्त हो जाता है। खाते की ज़रूरत नहीं।
approval-link-once = यह लिंक अभी भेजें; यह दोबारा नहीं दिखेगा:
approval-link-name = उनका नाम
approval-link-days = कितने दिन मान्य
approval-link-create = लिंक बनाएँ
decision-submitted = भेजी गई
decision-approved = अनुमोदित
decision-rejected = अस्वीकृत
decision-changes_requested = बदलाव माँगे
decision-comment = टिप्पणी
delivery-reconcile = नेटवर्क से जाँचें
approvals-title = अनुमोदन
approvals-none = कुछ भी अनुमोदन की प्रतीक्षा में नहीं है।
approvals-step = चरण
approvals-yours = आपको तय करना है
approval-settings-title = अनुमोदन प्रक्रिया
approval-settings-roles = इन भूमिकाओं की पोस्ट को अनुमोदन चाहिए
approval-settings-help = चरण क्रम से चलते हैं। कोई चरण न हो तो कोई भी एडमिन या मैनेजर अनुमोदित कर सकता है।
approval-step-n = चरण { $n }
approval-step-name = नाम
approval-step-needs = ज़रूरत
approval-needs-any = कोई एक अनुमोदक
approval-needs-all = हर अनुमोदक
crisis-title = संकट स्विच
crisis-paused-because = प्रकाशन रुका हुआ है: { $reason }
crisis-resume = प्रकाशन फिर शुरू करें
crisis-running = प्रकाशन सामान्य रूप से चल रहा है।
crisis-reason = कारण (सब देखते हैं)
crisis-approval-while-paused = रुके रहने के दौरान हर पोस्ट को अनुमोदन चाहिए
crisis-pause = प्रकाशन रोकें
crisis-profiles = केवल चुनी हुई प्रोफ़ाइल रोकें
crisis-held = रोकी गई पोस्ट
crisis-held-none = कुछ भी रोका नहीं गया है।
crisis-send-now = अभी भेजें
crisis-cancel = रद्द करें
crisis-banner = प्रकाशन रुका हुआ है: { $reason }।
crisis-profile-banner = { $name } पर प्रकाशन रुका हुआ है:
calendar-title = कैलेंडर
calendar-previous = पिछला
calendar-next = अगला
calendar-month = महीना
calendar-week = सप्ताह
calendar-all-profiles = सभी प्रोफ़ाइल
calendar-filter = दिखाएँ
calendar-help = समय { $zone } में। किसी पोस्ट को दूसरे दिन पर खींचकर ले जाएँ (दिन का समय वही रहता है); माउस के बिना, पोस्ट खोलें और "यहाँ ले जाएँ" इस्तेमाल करें।
weekday-mon = सोम
weekday-tue = मंगल
weekday-wed = बुध
weekday-thu = गुरु
weekday-fri = शुक्र
weekday-sat = शनि
weekday-sun = रवि
audit-title = ऑडिट लॉग
audit-person = व्यक्ति
audit-anyone = कोई भी
audit-action = कार्रवाई
audit-any = कोई भी
audit-kind = वस्तु
audit-when = कब
audit-system = Sangam
notifications-title = सूचनाएँ
notifications-unread = { $count ->
    [one] { $count } नई सूचना
   *[other] { $count } नई सूचनाएँ
}
notifications-none = कोई सूचना नहीं।
review-link-title = आपके अनुमोदन के लिए एक पोस्ट
review-link-for = नमस्ते { $name }: टीम इस पोस्ट पर आपका निर्णय चाहती है।
review-link-thanks = धन्यवाद; आपका निर्णय दर्ज हो गया।
profiles-actions = कार्य
profiles-reconnect = फिर से जोड़ें
profiles-remove = हटाएँ
profiles-remove-help = प्रोफ़ाइल हटाने से उसकी प्रतीक्षा कर रही पोस्ट रद्द हो जाती हैं और उसके क्रेडेंशियल भुला दिए जाते हैं; प्रकाशित पोस्ट, आँकड़े और संदेश बने रहते हैं। उसी खाते को फिर से जोड़ने पर वह वापस आ जाती है।
profiles-connect-mastodon = Mastodon प्रोफ़ाइल जोड़ें
profiles-mastodon-help = अपने इंस्टेंस पर Preferences > Development > New application खोलें, read और write स्कोप चुनें, और access token यहाँ चिपकाएँ।
profiles-mastodon-oauth-help = या अपने इंस्टेंस पर साइन इन करके वहाँ Sangam को अनुमति दें:
profiles-mastodon-signin = इंस्टेंस पर साइन इन करें
profiles-instance = इंस्टेंस
profiles-access-token = एक्सेस टोकन
profiles-connect-bluesky = Bluesky प्रोफ़ाइल जोड़ें
profiles-bluesky-help = ऐप पासवर्ड का उपयोग करें (Bluesky: Settings > Privacy and security > App passwords), अपने खाते का पासवर्ड कभी नहीं।
profiles-app-password = ऐप पासवर्ड
profiles-service = सर्वर (bsky.social के लिए खाली छोड़ें)
profile-status-removed = हटाई गई
profile-error-connect_address_not_https = सर्वर का पता https:// से शुरू होना चाहिए।
profile-error-connect_address_private = यह पता किसी निजी या स्थानीय नेटवर्क पर है, जिससे Sangam संपर्क नहीं करता। व्यवस्थापक इसे networks.allow_private_addresses से अनुमति दे सकते हैं।
profile-error-connect_address_invalid = यह सर्वर का पता नहीं है। इसे mastodon.social या https://bsky.social की तरह लिखें।
profile-error-connect_unreachable = सर्वर तक पहुँचा नहीं जा सका। पता जाँचें, या बाद में फिर कोशिश करें।
profile-error-connect_not_the_network = यह पता इस नेटवर्क के सर्वर की तरह जवाब नहीं देता। पता जाँचें।
profile-error-connect_wrong_credentials = सर्वर ने क्रेडेंशियल स्वीकार नहीं किए। हैंडल और टोकन या ऐप पासवर्ड जाँचें, या नया बनाएँ।
profile-error-connect_refused = सर्वर ने खाता जोड़ने से मना कर दिया। बाद में फिर कोशिश करें।
profile-error-connect_other_account = ये क्रेडेंशियल किसी दूसरे खाते के हैं। उस खाते को नई प्रोफ़ाइल के रूप में जोड़ें।
profile-error-connect_oauth_expired = इंस्टेंस पर साइन इन पूरा नहीं हुआ या कहीं और शुरू हुआ था। कृपया फिर से शुरू करें।
profile-error-connect_declined = इंस्टेंस ने पहुँच नहीं दी: साइन इन अस्वीकार किया गया।
profile-error-connect_not_supported = सैंडबॉक्स प्रोफ़ाइल के पास नवीनीकरण के लिए कोई क्रेडेंशियल नहीं हैं।

# Care: workload and wellbeing
nav-my-week = मेरा सप्ताह
nav-care-team = टीम की देखभाल
care-my-week-title = मेरा सप्ताह
care-team-title = टीम का सप्ताह
care-team-intro = इस सप्ताह टीम का समय कहाँ गया और उसने क्या झेला। हर आँकड़ा अपना सूत्र बताता है; कोई मिला-जुला स्कोर नहीं है। चेक-इन केवल तीन या अधिक लोगों के औसत के रूप में दिखते हैं, और नोट यहाँ कभी नहीं दिखते।
care-checkin-title = साप्ताहिक चेक-इन
care-energy = ऊर्जा
care-workload = काम का बोझ
care-energy-scale = 1 = थका हुआ, 5 = ऊर्जा से भरपूर
care-workload-scale = 1 = हल्का, 5 = बहुत ज़्यादा
care-note = निजी नोट (वैकल्पिक)
care-privacy = आपका नोट और आपके उत्तर केवल आप पढ़ सकते हैं। मैनेजर सप्ताह ख़त्म होने के बाद टीम का औसत देखते हैं, और वह भी तभी जब उस सप्ताह तीन या अधिक लोगों ने चेक-इन किया हो।
care-check-in = चेक-इन करें
care-checkin-saved = धन्यवाद। इस सप्ताह का आपका चेक-इन सहेजा गया।
care-checked-in-already = आप इस सप्ताह चेक-इन कर चुके हैं; दोबारा चेक-इन करने पर वह बदल जाएगा।
care-this-week = यह सप्ताह
care-week-of = { $date } का सप्ताह
care-figure = आँकड़ा
care-value = मान
care-formula = सूत्र
care-formulas = सूत्र
care-today = आज
care-trend = पिछले 12 सप्ताह
care-week = सप्ताह
care-checkin-history = आपके चेक-इन
care-no-checkins = अभी कोई चेक-इन नहीं।
care-alerts = चेतावनियाँ
care-no-alerts = कोई चेतावनी नहीं: कोई भी लगातार 3 दिन सीमा से ऊपर नहीं रहा।
care-team-week = हर व्यक्ति का सप्ताह (उनके अपने कैलेंडर पर)
care-sla = पहला जवाब { $minutes } कार्य-मिनट में देय
care-none-waiting = कोई पोस्ट स्वीकृति की प्रतीक्षा में नहीं है।
care-checkin-trend = चेक-इन (टीम का औसत)
care-people = लोग
care-too-few = छिपा हुआ: 3 से कम लोगों ने चेक-इन किया।
care-week-running = सप्ताह ख़त्म होने पर दिखेगा, ताकि बदलाव से किसी देर से आए चेक-इन का अनुमान न लगाया जा सके।
care-dashboard-title = आपका सप्ताह कैसा रहा?
care-dashboard-done = आप इस सप्ताह चेक-इन कर चुके हैं।
care-dashboard-my-week = मेरा सप्ताह देखें
care-figure-inbox-time = इनबॉक्स का समय
care-figure-compose-time = लिखना
care-figure-approval-time = स्वीकृतियाँ
care-figure-report-time = रिपोर्टिंग
care-figure-messages-handled = संभाले गए संदेश
care-figure-posts-shipped = प्रकाशित पोस्ट
care-figure-approvals-waiting = प्रतीक्षारत स्वीकृतियाँ
care-figure-exposure = खोले गए अपमानजनक संदेश
care-figure-after-hours = कार्य-समय के बाद
care-figure-weekend = सप्ताहांत
care-figure-streak = लगातार सीमा से ऊपर के दिन
care-figure-checkin = चेक-इन
care-figure-sla-breaches = खुले SLA उल्लंघन
care-formula-inbox-time = जिन संदेशों का आपने जवाब दिया या जिन्हें बंद किया, उन सब पर जोड़: (जवाब या बंद करने का समय) घटा (उससे पहले आख़िरी बार खोलने का समय), हर संदेश के लिए अधिकतम 30 मिनट। बिना जवाब दिए खोलना गिना नहीं जाता।
care-formula-compose-time = संपादक सत्रों पर जोड़: आख़िरी हार्टबीट घटा पहली हार्टबीट जमा 15 सेकंड। पेज दिखने और संपादक में कीबोर्ड फ़ोकस रहने पर कंपोज़र हर 15 सेकंड एक हार्टबीट भेजता है; 45 सेकंड से लंबा अंतराल नया सत्र शुरू करता है।
care-formula-approval-time = आपकी समीक्षा की प्रतीक्षा कर रही पोस्ट पर सत्रों का जोड़: आख़िरी हार्टबीट घटा पहली हार्टबीट जमा 15 सेकंड (पेज दिखने और फ़ोकस में रहने पर हर 15 सेकंड एक हार्टबीट)।
care-formula-report-time = रिपोर्ट पेजों पर सत्रों का जोड़: आख़िरी हार्टबीट घटा पहली हार्टबीट जमा 15 सेकंड। रिपोर्ट देखना और निर्यात करना गतिविधि लॉग में भी लिखा जाता है।
care-formula-messages-handled = उन अलग-अलग संदेशों की संख्या जिनका आपने जवाब दिया या जिन्हें बंद किया।
care-formula-posts-shipped = आपकी उन पोस्ट की संख्या (इनबॉक्स जवाब नहीं) जिनकी कम से कम एक डिलीवरी इस सप्ताह प्रकाशित हुई।
care-formula-approvals-waiting = हर स्वीकर्ता के लिए: वे पोस्ट जिनका मौजूदा स्वीकृति चरण उनकी प्रतीक्षा में है, और अभी घटा सबसे पुरानी पोस्ट का आख़िरी बार भेजा जाना।
care-formula-exposure = शील्ड से खोले गए अपमानजनक संदेश, हर स्थानीय दिन, दैनिक बजट के सामने।
care-formula-after-hours = किसी कार्यदिवस पर आपके कार्य-समय के शुरू होने से पहले या ख़त्म होने के बाद गतिविधि लॉग में दर्ज काम, आपके समय क्षेत्र में।
care-formula-weekend = शनिवार या रविवार को गतिविधि लॉग में दर्ज काम, आपके समय क्षेत्र में।
care-formula-streak = आज तक (या कल तक, जब आज अभी सीमा पार नहीं हुई) लगातार वे दिन जिनमें खोले गए अपमानजनक संदेश बजट के बराबर या ऊपर रहे, या कार्य-समय के बाहर (सप्ताहांत सहित) 10 या अधिक काम हुए। लगातार 3 दिन होने पर मैनेजरों को चेतावनी जाती है।
care-formula-checkin = ख़त्म हो चुके सप्ताह के लिए टीम की औसत ऊर्जा और औसत काम का बोझ (1 से 5), केवल तब दिखता है जब 3 या अधिक लोगों ने चेक-इन किया हो; किसी का अपना उत्तर या नोट कभी नहीं।
care-formula-sla-breaches = पिछले 30 दिनों के वे संदेश जो SLA के कार्य-मिनट बीत जाने के बाद भी पहले जवाब की प्रतीक्षा में हैं (जिसे सौंपा गया है उसके कार्य-समय पर)।

# Measure: reports, glossary, benchmarks, goals
nav-reports = रिपोर्ट
report-profiles-title = प्रोफ़ाइल प्रदर्शन
report-posts-title = पोस्ट प्रदर्शन
report-tags-title = टैग और अभियान
report-inbox-title = इनबॉक्स और टीम
report-not-reported = यह नेटवर्क यह आँकड़ा नहीं देता
report-no-data = कोई डेटा नहीं
report-all-profiles = सभी चुनी गई प्रोफ़ाइलें
report-profiles-table = प्रोफ़ाइलें
report-profiles-note = फ़ॉलोअर प्रोफ़ाइलों में जोड़े जाते हैं; पहुँच (reach) कभी नहीं जोड़ी जाती। दरें हर पोस्ट की दर का मीडियन हैं। जिन पंक्तियों से आँकड़ा बना उन्हें देखने के लिए आँकड़े पर, परिभाषा के लिए ? पर क्लिक करें।
report-chart-followers = अवधि में फ़ॉलोअर
report-chart-best-times = पोस्ट करने का सबसे अच्छा समय (सप्ताह का दिन × घंटा, आपका समय क्षेत्र)
report-chart-tags = टैग के अनुसार एंगेजमेंट
report-chart-volume = प्रकार के अनुसार प्राप्त संदेश
report-col-published = प्रकाशित
report-col-profile = प्रोफ़ाइल
report-col-post = पोस्ट
report-col-tags = टैग
report-posts-table = प्रकाशित पोस्ट
report-posts-note = अवधि में प्रकाशित हर पोस्ट, उसके नवीनतम स्नैपशॉट के साथ; इनबॉक्स के जवाब और हटाई गई पोस्ट शामिल नहीं। क्रम बदलने के लिए कॉलम के नाम पर क्लिक करें।
report-col-tag = टैग
report-col-engagements-before = एंगेजमेंट (तुलना अवधि)
report-tags-table = टैग और अभियान
report-tags-note = दो टैग वाली पोस्ट दोनों पंक्तियों में गिनी जाती है, इसलिए पंक्तियों का जोड़ प्रोफ़ाइल के कुल के बराबर नहीं होता।
report-volume-table = प्रकार के अनुसार संख्या
report-col-kind = प्रकार
report-all-kinds = सभी प्रकार
report-col-actionable = कार्रवाई योग्य संदेश
report-col-frt-mean = पहला जवाब (औसत)
report-col-frt-median = पहला जवाब (मीडियन)
report-col-frt-fastest = पहला जवाब (सबसे तेज़)
report-col-frt-slowest = पहला जवाब (सबसे धीमा)
report-responses-table = जवाब: सभी घंटे, कार्य-समय, कार्य-समय के बाहर
report-responses-note = संदेश आने के समय के अनुसार, आपके कार्य-समय (सोमवार से शुक्रवार, आपके समय क्षेत्र में) के हिसाब से। छिपे संदेश कार्रवाई योग्य नहीं हैं।
report-col-hours = घंटे
report-hours-all = सभी घंटे
report-hours-business = कार्य-समय
report-hours-off = कार्य-समय के बाहर
report-members-table = हर सदस्य द्वारा संभाले गए संदेश
report-members-note = संदेश उस सदस्य के नाम गिना जाता है जिसने उसके आने के बाद बातचीत में पहला जवाब लिखा।
report-col-member = सदस्य
report-messages-table = इन आँकड़ों के पीछे के संदेश
report-messages-note = अवधि में चुनी गई प्रोफ़ाइलों पर आया हर संदेश।
report-col-message = संदेश
report-col-received = प्राप्त
report-col-hidden = छिपा
report-col-first-reply = पहला जवाब
report-yes = हाँ
report-comparison-table = तुलना अवधि से तुलना
report-comparison-note = तुलना अवधि पर वही सूत्र; दरों में बदलाव प्रतिशत अंकों में है।
report-col-metric = मीट्रिक
report-col-this-period = यह अवधि
report-col-comparison-period = तुलना अवधि
report-col-change = बदलाव
report-points = अंक
report-snapshots-table = उपयोग किए गए फ़ॉलोअर स्नैपशॉट
report-snapshots-note = अवधि में हर प्रोफ़ाइल का पहला और आख़िरी फ़ॉलोअर स्नैपशॉट: फ़ॉलोअर, वृद्धि और वृद्धि दर इन्हीं पंक्तियों से बनते हैं।
report-col-taken = लिया गया
report-benchmark-different-formula = तुलना नहीं: बेंचमार्क दूसरा सांख्यिकीय माप उपयोग करता है
report-benchmark-nothing-to-compare = तुलना नहीं: इस सूत्र का हमारा कोई आँकड़ा नहीं है
report-benchmark-meets = सीमा पूरी करता है
report-benchmark-misses = सीमा से चूकता है
report-benchmark-above = बेंचमार्क के बराबर या ऊपर
report-benchmark-below = बेंचमार्क से नीचे
report-benchmarks-table = उद्योग बेंचमार्क
report-benchmarks-note = प्रकाशित आँकड़े, केवल उसी सूत्र वाले हमारे आँकड़े से तुलना किए जाते हैं। प्रति-फ़ॉलोअर और प्रति-इम्प्रेशन दरें दस गुना तक अलग होती हैं और आपस में कभी तुलना नहीं की जातीं।
report-col-network = नेटवर्क
report-col-benchmark = बेंचमार्क
report-col-ours = हमारा
report-col-verdict = तुलना
report-col-source = स्रोत
report-heat-posts = { $count } पोस्ट
report-period = अवधि
report-compared-with = तुलना
report-export-csv = यह तालिका CSV में निर्यात करें
report-empty = इस अवधि में कुछ नहीं।
report-definition = परिभाषा
report-from = से
report-to = तक
report-compare = किससे तुलना करें
report-compare-previous = पिछली अवधि
report-compare-custom = अपनी तारीख़ें
report-compare-none = कुछ नहीं
report-compare-from = तुलना से
report-compare-to = तुलना तक
report-profiles = प्रोफ़ाइलें (कोई न चुनें: सभी)
report-tag = टैग
report-apply = दिखाएँ
report-print = छापने योग्य पेज
report-share-days = लिंक कितने दिन चले
report-share = केवल-पढ़ने वाला लिंक बनाएँ
report-share-made = केवल-पढ़ने वाला लिंक (एक बार दिखता है; अभी कॉपी करें):
report-shared-note = Sangam से साझा की गई केवल-पढ़ने वाली रिपोर्ट।
report-shared-expires = लिंक की समाप्ति
glossary-title = मीट्रिक शब्दावली
glossary-intro = Sangam की रिपोर्टों का हर आँकड़ा इनमें से एक प्रविष्टि है।
glossary-formula = सूत्र
glossary-denominator = हर (denominator)
glossary-unit = इकाई
glossary-aggregation = कई पोस्ट या प्रोफ़ाइलों पर
glossary-unavailable = ये नेटवर्क नहीं देते
glossary-available-everywhere = हर नेटवर्क इसके लिए ज़रूरी आँकड़े देता है
glossary-unit-count = गिनती
glossary-unit-percent = प्रतिशत
glossary-unit-duration = अवधि
glossary-unit-return_percent = लागत के प्रतिशत के रूप में लाभ
glossary-agg-latest_per_profile = हर प्रोफ़ाइल का अवधि का नवीनतम स्नैपशॉट; प्रोफ़ाइलें जोड़ी जाती हैं
glossary-agg-sum = जोड़ा जाता है
glossary-agg-median_over_posts = हर पोस्ट पर निकाला जाता है, फिर जिन पोस्ट का मान है उनका मीडियन
glossary-agg-average_per_post_never_summed = प्रति पोस्ट औसत; पोस्टों में कभी जोड़ा नहीं जाता
glossary-agg-ratio_of_totals = अवधि के कुल योग से एक बार निकाला जाता है
glossary-agg-distribution = हर संदेश का एक मान; औसत, मीडियन, सबसे तेज़ और सबसे धीमा दिखाया जाता है
glossary-followers-name = फ़ॉलोअर
glossary-followers-formula = अवधि में लिया गया नवीनतम फ़ॉलोअर स्नैपशॉट, हर प्रोफ़ाइल के लिए।
glossary-net_follower_growth-name = शुद्ध फ़ॉलोअर वृद्धि
glossary-net_follower_growth-formula = अवधि के आख़िरी स्नैपशॉट के फ़ॉलोअर − अवधि के पहले स्नैपशॉट के फ़ॉलोअर।
glossary-audience_growth_rate-name = दर्शक वृद्धि दर
glossary-audience_growth_rate-formula = (अंत के फ़ॉलोअर − शुरुआत के फ़ॉलोअर) ÷ शुरुआत के फ़ॉलोअर × 100, अवधि के पहले और आख़िरी स्नैपशॉट से।
glossary-audience_growth_rate-denominator = अवधि के पहले स्नैपशॉट के फ़ॉलोअर।
glossary-posts_published-name = प्रकाशित पोस्ट
glossary-posts_published-formula = अवधि में प्रकाशित डिलीवरी (हर प्रोफ़ाइल पर एक), इनबॉक्स के जवाब और हटाई गई पोस्ट छोड़कर।
glossary-engagements-name = एंगेजमेंट
glossary-engagements-formula = लाइक + रीपोस्ट + जवाब + कोट, हर पोस्ट के नवीनतम स्नैपशॉट से।
glossary-impressions-name = इम्प्रेशन
glossary-impressions-formula = पोस्ट कितनी बार दिखाई गई, जैसा नेटवर्क बताता है, हर पोस्ट के नवीनतम स्नैपशॉट से।
glossary-reach-name = पहुँच (reach)
glossary-reach-formula = पोस्ट देखने वाले अलग-अलग खाते, जैसा नेटवर्क बताता है। प्रति पोस्ट औसत, कभी जोड़ा नहीं जाता: दो बार पहुँचा एक ही व्यक्ति एक ही व्यक्ति है।
glossary-engagement_rate_per_follower-name = एंगेजमेंट दर (प्रति फ़ॉलोअर)
glossary-engagement_rate_per_follower-formula = पोस्ट पर एंगेजमेंट ÷ पोस्ट के समय के फ़ॉलोअर × 100; पोस्टों का मीडियन।
glossary-engagement_rate_per_follower-denominator = पोस्ट प्रकाशित होने के समय या उससे पहले प्रोफ़ाइल के नवीनतम स्नैपशॉट के फ़ॉलोअर।
glossary-engagement_rate_per_impression-name = एंगेजमेंट दर (प्रति इम्प्रेशन)
glossary-engagement_rate_per_impression-formula = पोस्ट पर एंगेजमेंट ÷ पोस्ट के इम्प्रेशन × 100; इम्प्रेशन वाली पोस्टों का मीडियन।
glossary-engagement_rate_per_impression-denominator = पोस्ट के इम्प्रेशन।
glossary-amplification_rate-name = प्रसार दर
glossary-amplification_rate-formula = पोस्ट के रीपोस्ट ÷ पोस्ट के समय के फ़ॉलोअर × 100; पोस्टों का मीडियन।
glossary-amplification_rate-denominator = पोस्ट के समय के फ़ॉलोअर।
glossary-applause_rate-name = सराहना दर
glossary-applause_rate-formula = पोस्ट के लाइक ÷ पोस्ट के समय के फ़ॉलोअर × 100; पोस्टों का मीडियन।
glossary-applause_rate-denominator = पोस्ट के समय के फ़ॉलोअर।
glossary-conversation_rate-name = बातचीत दर
glossary-conversation_rate-formula = पोस्ट पर जवाब ÷ पोस्ट के समय के फ़ॉलोअर × 100; पोस्टों का मीडियन।
glossary-conversation_rate-denominator = पोस्ट के समय के फ़ॉलोअर।
glossary-messages_received-name = प्राप्त संदेश
glossary-messages_received-formula = अवधि में आए इनबाउंड संदेश।
glossary-response_rate-name = जवाब दर
glossary-response_rate-formula = जवाब दिए गए कार्रवाई योग्य इनबाउंड संदेश ÷ कार्रवाई योग्य इनबाउंड संदेश × 100; छिपे संदेश (स्पैम, अपशब्द) शामिल नहीं।
glossary-response_rate-denominator = अवधि में आए कार्रवाई योग्य इनबाउंड संदेश (छिपे नहीं)।
glossary-first_response_time-name = पहले जवाब का समय
glossary-first_response_time-formula = पहले जवाब का समय − आने का समय, हर जवाब पाए संदेश के लिए; औसत, मीडियन, सबसे तेज़ और सबसे धीमा, सभी घंटों, कार्य-समय और कार्य-समय के बाहर के लिए।
glossary-messages_handled-name = संभाले गए संदेश
glossary-messages_handled-formula = अवधि में वे संदेश जिनका पहला जवाब इस व्यक्ति ने दिया।
glossary-share_of_voice-name = आवाज़ में हिस्सेदारी
glossary-share_of_voice-formula = हमारे उल्लेख ÷ (हमारे उल्लेख + प्रतिस्पर्धियों के उल्लेख) × 100, वही अवधि और नेटवर्क।
glossary-share_of_voice-denominator = हमारे उल्लेख + प्रतिस्पर्धियों के उल्लेख।
glossary-positive_share_of_voice-name = सकारात्मक आवाज़ में हिस्सेदारी
glossary-positive_share_of_voice-formula = हमारे सकारात्मक उल्लेख ÷ (हमारे सकारात्मक उल्लेख + प्रतिस्पर्धियों के सकारात्मक उल्लेख) × 100, वही अवधि और नेटवर्क; उल्लेख सकारात्मक तब है जब उसकी भावना सकारात्मक हो।
glossary-positive_share_of_voice-denominator = हमारे सकारात्मक उल्लेख + प्रतिस्पर्धियों के सकारात्मक उल्लेख।
glossary-social_roi-name = सोशल ROI
glossary-social_roi-formula = (श्रेय दिया गया मूल्य − लागत) ÷ लागत × 100; लागत = घंटे × प्रति घंटा दर + खर्च।
glossary-social_roi-denominator = लागत: घंटे × प्रति घंटा दर + खर्च।
# कतार के समय।
compose-queue = कतार में जोड़ें (अगला ख़ाली कतार समय)
queue-title = कतार के समय
queue-slots = साप्ताहिक समय, हर नियम एक पंक्ति में
queue-help = उदाहरण: "Mon-Fri 09:00 13:00" या "Sat 10:30"। समय नीचे दिए समय क्षेत्र में पढ़े जाते हैं, इसलिए घड़ी बदलने पर भी 09:00, 09:00 ही रहता है।
queue-next = अगला ख़ाली समय
queue-none = अगले आठ हफ़्तों में कोई ख़ाली कतार समय नहीं।
nav-goals = लक्ष्य
goals-title = लक्ष्य
goals-none = अभी कोई लक्ष्य नहीं।
goals-active = सक्रिय लक्ष्य
goal-new = लक्ष्य तय करें
goal-objective = व्यावसायिक उद्देश्य
goal-metric = मीट्रिक
goal-owner = ज़िम्मेदार
goal-period = अवधि
goal-current = अब तक
goal-progress = प्रगति
goal-profiles = प्रोफ़ाइलें (कोई न चुनें: सभी प्रोफ़ाइलें)
goal-tags = टैग (कोई न चुनें: टैग से कोई छँटाई नहीं)
goal-baseline = आधार रेखा
goal-target = लक्ष्य मान
goal-start = शुरुआत
goal-end = अंत (शामिल)
goal-save = लक्ष्य सहेजें
goal-forecast = अंत पर अनुमान
goal-forecast-value = [value] (95% दायरा लगभग [low] से [high], अब तक के [points] दिनों से खींची सीधी रेखा)
goal-forecast-none = रुझान के लिए अभी पर्याप्त दिन नहीं (3 चाहिए)।
goal-forecast-note = अनुमान अब तक की अवधि पर न्यूनतम-वर्ग सीधी रेखा है; दायरा अंतिम तारीख़ पर उस रेखा के अनुमान की दो मानक त्रुटियाँ है। रेखा लॉन्च, छुट्टियाँ या ख़बरें नहीं देख सकती।
goal-on-track = सही राह पर
goal-off-track = सही राह पर नहीं

# --- security-input: outside approvers' steps, hostile input ---
review-link-step = इस चरण के लिए: { $step }
review-link-other-step = यह लिंक जिस चरण के लिए बना था, वह अब प्रतीक्षा में नहीं है, इसलिए आपका निर्णय नहीं गिना जाएगा। अगर टीम को अब भी आपकी ज़रूरत है तो नया लिंक माँगें।
approval-link-not-yours = बाहरी अनुमोदक को केवल वही बुला सकता है जो इस पोस्ट के प्रतीक्षारत चरण का अनुमोदक हो और इसका लेखक न हो।

# People and accounts (invitations, roles, deactivation, password reset and change)
people-invite-ready = { $email } के लिए निमंत्रण तैयार है। उन्हें यह लिंक भेजें:
people-reset-ready = { $name } के लिए पासवर्ड रीसेट लिंक। इसे उन्हें भेजें:
people-link-expires = एक बार चलेगा, { $when } तक।
people-link = लिंक
copy-link = लिंक कॉपी करें
copy-done = कॉपी हो गया
people-active-count = { $count ->
    [one] वर्कस्पेस में { $count } सक्रिय व्यक्ति है।
   *[other] वर्कस्पेस में { $count } सक्रिय लोग हैं।
}
people-status = स्थिति
people-actions = कार्रवाई
people-you = आप
people-role-of = { $name } की भूमिका
people-change-role = बदलें
people-active = सक्रिय
people-deactivated = निष्क्रिय
people-reset-waiting = रीसेट लिंक भेजा गया
people-reactivate = फिर से सक्रिय करें
people-reset = पासवर्ड रीसेट करें
people-deactivate = निष्क्रिय करें
people-invite = किसी को आमंत्रित करें
people-invite-help = उन्हें अपना नाम और पासवर्ड चुनने के लिए एक लिंक मिलेगा। लिंक 7 दिनों तक, एक बार चलता है।
people-invite-create = निमंत्रण लिंक बनाएँ
people-invitations = प्रतीक्षा में निमंत्रण
people-invitations-none = कोई निमंत्रण प्रतीक्षा में नहीं है।
people-invitation-revoke = वापस लें
people-add-direct = अपने चुने पासवर्ड के साथ किसी को जोड़ें
invite-title = Sangam पर अपनी टीम से जुड़ें
invite-intro = आपको { $email } के रूप में आमंत्रित किया गया है। शुरू करने के लिए अपना नाम और पासवर्ड चुनें।
reset-title = नया पासवर्ड चुनें
reset-intro = खाता { $email } के लिए। इस खाते के बाकी सभी सत्र साइन आउट हो जाएँगे।
link-gone = यह लिंक समाप्त हो गया है या पहले ही इस्तेमाल हो चुका है। किसी एडमिन से नया लिंक माँगें।
link-new-password = नया पासवर्ड
link-password-help = कम से कम 10 अक्षर। एक छोटा वाक्य याद रखना आसान और अनुमान लगाना कठिन होता है।
link-submit = सहेजें और साइन इन करें
account-password = पासवर्ड
account-current-password = मौजूदा पासवर्ड
account-new-password = नया पासवर्ड
account-password-change = पासवर्ड बदलें
account-password-changed = आपका पासवर्ड बदल गया है। आपके बाकी सत्र साइन आउट कर दिए गए।

# security-auth (issue 12)
login-wait = बहुत बार गलत साइन-इन हुआ। { $seconds } सेकंड बाद फिर कोशिश करें।

# inbox + approver (issue 11)
inbox-filters = छँटाई
inbox-list-label = संदेश
inbox-count-total = { $count ->
    [one] { $count } संदेश
   *[other] { $count } संदेश
}
inbox-count-more = { $count } से ज़्यादा संदेश
inbox-newer = नए
inbox-older = पुराने
inbox-pick-one = बातचीत पढ़ने और जवाब देने के लिए बाईं ओर कोई संदेश चुनें।
inbox-back-to-list = सूची पर वापस
inbox-shielded-snippet = अपमानजनक संदेश: इसका पाठ तभी दिखेगा जब आप इसे खोलेंगे।
inbox-bulk-select-page = इस पन्ने के सभी चुनें
inbox-bulk-select = { $name } का संदेश चुनें
inbox-bulk-assign-to = चुने हुए संदेश इन्हें सौंपें
inbox-bulk-pick-action = चुने हुए संदेशों के साथ क्या करना है, चुनें: सौंपें, टैग लगाएँ या पूरा चिह्नित करें।
inbox-bulk-none-selected = पहले कम से कम एक संदेश चुनें (अधिकतम 100)।
inbox-bulk-tag-invalid = टैग दबाने से पहले 1 से 40 अक्षरों का टैग लिखें।
network-sandbox = सैंडबॉक्स
network-mastodon = मैस्टोडॉन
network-bluesky = ब्लूस्काई
shield-withheld = इस संदेश को अपमानजनक माना गया है। जब तक आप इसे नहीं खोलते, इसका पाठ आपकी स्क्रीन पर नहीं भेजा जाता, और इसे खोलना आपके दैनिक बजट में गिना जाता है।
shield-budget-reached = { $budget ->
    [one] आज आप { $budget } अपमानजनक संदेश खोल चुके हैं, यही आपका दैनिक बजट है। यह संदेश किसी साथी के लिए छोड़ दें; बजट कल फिर शुरू होगा।
   *[other] आज आप { $budget } अपमानजनक संदेश खोल चुके हैं, यही आपका दैनिक बजट है। यह संदेश किसी साथी के लिए छोड़ दें; बजट कल फिर शुरू होगा।
}
shield-not-opted-in = अपमानजनक संदेश वही लोग खोल सकते हैं जिन्होंने इन्हें संभालना चुना है। इनबॉक्स सेटिंग्स पन्ने पर इसे चुनें।
rule-when = जब कोई संदेश { $conditions },
rule-then = तो { $actions }।
rule-and = और
rule-c-keywords = में इनमें से कोई शब्द हो: { $words }
rule-c-language = { $lang } में हो
rule-c-sentiment = का भाव { $sentiment } हो
rule-c-abuse-label = पर ‘{ $label }’ का लेबल हो
rule-c-score = का अपमान स्कोर कम से कम { $score } हो
rule-c-abusive = अपमानजनक हो
rule-c-not-abusive = अपमानजनक न हो
rule-c-kind = { $kind } हो
rule-c-profile = { $profile } पर आया हो
rule-c-followers = { $followers ->
    [one] ऐसे लेखक का हो जिसके कम से कम { $followers } फ़ॉलोअर हों
   *[other] ऐसे लेखक का हो जिसके कम से कम { $followers } फ़ॉलोअर हों
}
rule-c-link = में लिंक हो
rule-c-no-link = में कोई लिंक न हो
rule-a-hide = उसे छिपाएँ
rule-a-assign = उसे { $name } को सौंपें
rule-a-rotation = उसे बारी-बारी से टीम को सौंपें
rule-a-tag = उस पर ‘{ $tag }’ टैग लगाएँ
rule-a-done = उसे पूरा चिह्नित करें
rule-a-alert = चेतावनी दर्ज करें
rule-removed-person = वह व्यक्ति जो अब टीम में नहीं है
rule-removed-profile = वह प्रोफ़ाइल जो अब जुड़ी नहीं है
error-back-home = { $page } पर वापस जाएँ
calendar-past-day = वह दिन बीत चुका है: पोस्ट को अभी या बाद के समय पर ही ले जाया जा सकता है। इसे आज या आगे के किसी दिन पर छोड़ें।

# Reports (issue 11): typed figures, charts with axes and legends, benchmarks per network, share links, goal pickers
report-columns-not-reported = इन प्रोफ़ाइलों के नेटवर्क ये आँकड़े नहीं देते, इसलिए ये नहीं दिखाए गए: { $metrics }।
chart-followers-legend = हर रेखा एक प्रोफ़ाइल की फ़ॉलोअर संख्या है, उसके स्नैपशॉट से: नीचे तारीख़ें, बगल में फ़ॉलोअर।
chart-heat-legend = जितना गहरा रंग, उस दिन और घंटे में प्रकाशित पोस्ट की प्रति फ़ॉलोअर माध्यिका (मीडियन) एंगेजमेंट दर उतनी ऊँची; n = पोस्ट (खाने में लिखी संख्या)। किसी घंटे में कितनी पोस्ट थीं, इससे रंग नहीं बदलता। धूसर: पोस्ट अभी मापी नहीं गईं।
chart-heat-rate = प्रति फ़ॉलोअर मीडियन एंगेजमेंट दर
chart-heat-scale = प्रति फ़ॉलोअर मीडियन एंगेजमेंट दर
chart-heat-unmeasured = अभी मापी नहीं गईं
chart-axis-followers = फ़ॉलोअर
chart-axis-date = तारीख़
chart-goal-title = लक्ष्य का रुझान
chart-goal-so-far = अब तक का मान
chart-goal-target = लक्ष्य
chart-goal-forecast = पूर्वानुमान (सीधी रेखा)
chart-goal-band = पूर्वानुमान की 95% सीमा
month-short-1 = जन॰
month-short-2 = फ़र॰
month-short-3 = मार्च
month-short-4 = अप्रैल
month-short-5 = मई
month-short-6 = जून
month-short-7 = जुल॰
month-short-8 = अग॰
month-short-9 = सित॰
month-short-10 = अक्तू॰
month-short-11 = नव॰
month-short-12 = दिस॰
figure-hours = { $count ->
    [one] { $count } घंटा
   *[other] { $count } घंटे
}
figure-minutes = { $count } मिनट
csv-unit-count = संख्या
csv-unit-percent = %
csv-unit-duration = सेकंड
csv-unit-money = राशि
csv-unit-column = इकाई
benchmark-industry-all = सभी उद्योग
benchmark-statistic-median = मीडियन
benchmark-statistic-average = औसत
benchmark-statistic-threshold_at_least = सीमा, कम से कम
benchmark-statistic-threshold_at_most = सीमा, अधिक से अधिक
benchmark-network-facebook = फ़ेसबुक
benchmark-network-instagram = इंस्टाग्राम
benchmark-network-x = एक्स
benchmark-network-tiktok = टिकटॉक
benchmark-network-linkedin = लिंक्डइन
benchmark-network-all = सभी नेटवर्क एक साथ
benchmark-network-sandbox = सैंडबॉक्स
benchmark-network-mastodon = मास्टोडॉन
benchmark-network-bluesky = ब्लूस्काई
report-benchmarks-none = { $networks } के लिए कोई प्रकाशित बेंचमार्क नहीं है। दूसरे नेटवर्क (फ़ेसबुक, इंस्टाग्राम, टिकटॉक…) के बेंचमार्क इन प्रोफ़ाइलों के साथ नहीं रखे जाते: उनके दर्शक और पहुँच अलग हैं। शब्दावली में हमारे सभी बेंचमार्क हैं।
report-share-link = केवल पढ़ने वाला लिंक
copy-failed = कॉपी नहीं हो सका: लिंक चुना हुआ है, Ctrl+C दबाएँ।
glossary-units-intro = गिनतियाँ पूर्ण संख्याएँ हैं; प्रतिशत पहले ही 100 से गुणा किए हुए हैं; अवधि घंटे और मिनट में लिखी जाती है (CSV निर्यात में सेकंड); राशि दिखाई गई मुद्रा में। CSV के शीर्षक हर कॉलम की इकाई बताते हैं।
glossary-unit-money = धनराशि
care-sla-breaches-open = इन बातचीतों को इनबॉक्स में खोलें
care-col-approver = अनुमोदक
care-col-posts-waiting = प्रतीक्षा में पोस्ट
care-col-oldest-wait = सबसे लंबी प्रतीक्षा
goal-tags-new = दूसरे टैग (कॉमा से अलग, वैकल्पिक)
goal-no-profiles = अभी कोई प्रोफ़ाइल जुड़ी नहीं है: लक्ष्य बाद में जुड़ने वाली हर प्रोफ़ाइल पर लागू होगा।
goal-no-tags = अभी किसी पोस्ट पर टैग नहीं है।
goal-scope = दायरा
goal-scope-all = सभी प्रोफ़ाइलें
dashboard-engagement-x = पोस्ट, पुरानी पहले (#1 सबसे पुरानी)

# Shell and general: audit actions in words, durations, notices, plural counts, error page
duration-hours-minutes = { $h } घं { $m } मि
duration-minutes = { $m } मि
audit-showing = { $count ->
    [one] सबसे नई प्रविष्टि।
   *[other] सबसे नई { $count } प्रविष्टियाँ।
}
audit-none = इन फ़िल्टरों से कुछ नहीं मिला।
notice-approval-waiting = { $name } की एक पोस्ट आपकी मंज़ूरी का इंतज़ार कर रही है।
notice-approval-approved = { $name } ने आपकी पोस्ट मंज़ूर की।
notice-approval-rejected = { $name } ने आपकी पोस्ट अस्वीकार की।
notice-approval-changes = { $name } ने आपकी पोस्ट में बदलाव माँगे।
notice-inbox-alert = { $count ->
    [one] @{ $handle } को आया { $count } नया संदेश एक अलर्ट नियम से मेल खाता है।
   *[other] @{ $handle } को आए { $count } नए संदेश एक अलर्ट नियम से मेल खाते हैं।
}
notice-post-held = एक पोस्ट का समय आया पर उसे रोका गया: { $note }
notice-reconnect = नेटवर्क अब @{ $handle } के लिए Sangam की साख स्वीकार नहीं करता ({ $detail })। प्रोफ़ाइल पेज पर इसे फिर से जोड़ें; तब तक इसकी प्रतीक्षा कर रही पोस्ट रुकी रहेंगी।
notice-care-exposure = { $name } ने { $days ->
    [one] एक दिन
   *[other] लगातार { $days } दिन
} कम से कम अपने रोज़ के बजट { $budget } जितने अपमानजनक संदेश खोले: { $values }।
notice-care-after-hours = { $name } ने { $days ->
    [one] एक दिन
   *[other] लगातार { $days } दिन
} कामकाजी घंटों के बाहर { $threshold } या ज़्यादा काम किए: { $values }।
error-unauthenticated = कृपया पहले साइन इन करें।
error-forbidden = आपकी भूमिका इसकी अनुमति नहीं देती।
error-too_many_attempts = बहुत ज़्यादा कोशिशें। कुछ मिनट रुककर फिर कोशिश करें।
error-cross_site_request = यह अनुरोध किसी दूसरी साइट से आया, इसलिए मना कर दिया गया।
error-internal_error = हमारी तरफ़ कुछ गड़बड़ हुई; इसे दर्ज कर लिया गया है। कृपया फिर कोशिश करें।
error-code = त्रुटि कोड: { $code }
error-go-home = Sangam के मुख्य पृष्ठ पर जाएँ
page-not-found = यहाँ कोई पेज नहीं है।
audit-do-added = जोड़ा
audit-do-alert = अलर्ट भेजा
audit-do-approval_link_created = बाहरी अनुमोदक लिंक बनाया
audit-do-changed = बदला
audit-do-changed_inbox_settings = इनबॉक्स सेटिंग बदलीं
audit-do-changed_own_inbox_settings = अपनी इनबॉक्स सेटिंग बदलीं
audit-do-changed_password = अपना पासवर्ड बदला
audit-do-changed_queue = पोस्टिंग कतार बदली
audit-do-changed_role = भूमिका बदली
audit-do-connected = जोड़ा
audit-do-created = बनाया
audit-do-created_rule = इनबॉक्स नियम बनाया
audit-do-created_saved_reply = सहेजा गया जवाब बनाया
audit-do-deactivated = निष्क्रिय किया
audit-do-deleted = हटाया
audit-do-deleted_rule = इनबॉक्स नियम हटाया
audit-do-deleted_saved_reply = सहेजा गया जवाब हटाया
audit-do-edited = संपादित किया
audit-do-goal_created = लक्ष्य तय किया
audit-do-held = पोस्ट रोकी
audit-do-invited = किसी को आमंत्रित किया
audit-do-issued_reset = पासवर्ड रीसेट लिंक दिया
audit-do-joined = टीम से जुड़े
audit-do-needs_reconnect = फिर से जोड़ना ज़रूरी
audit-do-noted = नोट जोड़ा
audit-do-opened = खोला
audit-do-paused = प्रकाशन रोका
audit-do-reactivated = फिर से सक्रिय किया
audit-do-reconcile_requested = नेटवर्क से जाँच करवाई
audit-do-reconnected = फिर से जोड़ा
audit-do-removed = हटाया
audit-do-reordered_rule = इनबॉक्स नियमों का क्रम बदला
audit-do-replied = जवाब दिया
audit-do-report_exported = रिपोर्ट निर्यात की
audit-do-report_shared = रिपोर्ट साझा की
audit-do-report_viewed = रिपोर्ट देखी
audit-do-rescheduled = समय बदला
audit-do-reset_password = रीसेट लिंक से नया पासवर्ड रखा
audit-do-resumed = प्रकाशन फिर शुरू किया
audit-do-retried = फिर से कोशिश की
audit-do-revoked = वापस लिया
audit-do-signed_in = साइन इन किया
audit-do-tagged = टैग लगाया
audit-do-untagged = टैग हटाया
audit-do-uploaded = अपलोड किया
audit-do-viewed = देखा
audit-do-approved = मंज़ूर किया
audit-do-rejected = अस्वीकार किया
audit-do-changes_requested = बदलाव माँगे
audit-do-comment = टिप्पणी की
audit-do-submitted = मंज़ूरी के लिए भेजा
audit-do-assigned = सौंपा
audit-do-unassigned = सौंपना हटाया
audit-do-reassigned = फिर से सौंपा
audit-do-closed = पूरा किया
audit-do-reopened = फिर से खोला
audit-do-hid = छिपाया
audit-do-unhid = फिर से दिखाया
audit-do-shield_opt_in = शील्ड चालू की
audit-do-shield_opt_out = शील्ड बंद की
audit-kind-api_token = API टोकन
audit-kind-approval_workflow = अनुमोदन प्रक्रिया
audit-kind-delivery = डिलीवरी
audit-kind-goal = लक्ष्य
audit-kind-inbound = आने वाला संदेश
audit-kind-invitation = निमंत्रण
audit-kind-media = तस्वीर
audit-kind-message = संदेश
audit-kind-person = व्यक्ति
audit-kind-post = पोस्ट
audit-kind-profile = प्रोफ़ाइल
audit-kind-report = रिपोर्ट
audit-kind-rule = इनबॉक्स नियम
audit-kind-saved_reply = सहेजा गया जवाब
audit-kind-session = सत्र
audit-kind-user = व्यक्ति
audit-kind-workspace = वर्कस्पेस
audit-kind-shield = शील्ड
audit-kind-settings = सेटिंग
approvals-approve = स्वीकृत करें
approvals-open-to-decide = अस्वीकार करने, बदलाव माँगने या टिप्पणी के लिए खोलें
approvals-not-yours = किसी और के चरण पर रुकी है

# Post content (images, language, content warning, link card) and one status word per post
life-draft = ड्राफ़्ट
life-waiting_for_approval = मंज़ूरी की प्रतीक्षा में
life-changes_requested = बदलाव माँगे गए
life-rejected = अस्वीकृत
life-scheduled = निर्धारित
life-publishing = प्रकाशित हो रही है
life-published = प्रकाशित
life-partly_published = आंशिक रूप से प्रकाशित
life-failed = विफल
compose-images = चित्र
compose-images-help = अधिकतम 4 चित्र, उसी क्रम में जिसमें वे दिखने चाहिए। हर चित्र का वर्णन लिखें, उनके लिए जो उसे देख नहीं सकते।
compose-image-file-n = चित्र { $n }
compose-image-remove = यह चित्र हटाएँ
compose-extras = भाषा, चेतावनी और लिंक कार्ड
compose-language = पाठ की भाषा
compose-language-auto = पाठ से पहचानें
compose-language-detected = पहचानी गई: { $language }
compose-language-detected-js = पहचानी गई:
compose-warning = सामग्री चेतावनी (वैकल्पिक)
compose-warning-placeholder = जैसे स्पॉइलर, भोजन, चमकती तस्वीरें
compose-no-link-card = पहले लिंक का कार्ड न जोड़ें
compose-link-card-help = सहेजते समय Sangam पहले लिंक का पेज पढ़ता है और उसका शीर्षक, विवरण और चित्र कार्ड के रूप में भेजता है, जहाँ नेटवर्क इसे हमसे लेता है (Bluesky)। Mastodon अपना कार्ड ख़ुद बनाता है।
compose-autosaved = ड्राफ़्ट सहेजा गया
compose-autosave-failed = ड्राफ़्ट सहेजा नहीं जा सका:
plan-went = इस नेटवर्क पर क्या गया:
plan-will-go = इस नेटवर्क पर क्या जाएगा:
plan-text = पाठ
plan-image = चित्र { $n }
plan-no-alt = कोई वैकल्पिक पाठ नहीं
plan-image-no-alt = इस चित्र का कोई वैकल्पिक पाठ नहीं है; स्क्रीन रीडर इस्तेमाल करने वाले नहीं जान पाएँगे कि इसमें क्या है।
plan-image-too-many = यह नेटवर्क इससे कम चित्र लेता है; यह चित्र अस्वीकार हो जाएगा।
plan-image-too-large = इस नेटवर्क के लिए बहुत बड़ा है; यह अस्वीकार हो जाएगा।
plan-language = भाषा
plan-warning = सामग्री चेतावनी
plan-warning-bluesky = Bluesky में सामग्री चेतावनी नहीं होती, इसलिए वहाँ चेतावनी नहीं दिखेगी; केवल पाठ जाएगा।
plan-card = लिंक कार्ड
plan-card-images-win = Bluesky हर पोस्ट के साथ एक ही अटैचमेंट लेता है और चित्र जा रहे हैं, इसलिए वहाँ लिंक कार्ड नहीं भेजा जाता।
plan-card-mastodon = Mastodon लिंक से अपना कार्ड ख़ुद बनाता है, इसलिए Sangam कोई कार्ड नहीं भेजता।
plan-card-problem = लिंक से कोई कार्ड नहीं बन सका:
inbox-filter-sla = जवाब का समय
inbox-sla-breached = SLA से देर
lang-und = भाषा पता नहीं

# The sandbox network's public post page
sandbox-post-title = सैंडबॉक्स नेटवर्क
sandbox-card-thumb = पूर्वावलोकन चित्र के साथ
sandbox-in-reply-to = { $id } के जवाब में
sandbox-post-help = यह अभ्यास के लिए बने नेटवर्क का सार्वजनिक पेज है: यह सीधे नेटवर्क के अपने रिकॉर्ड से दिखाता है कि उसे क्या मिला।

# Shell: navigation sections and the page frame
nav-section-engage = जुड़ाव
nav-section-publish = प्रकाशन
nav-section-measure = माप
nav-section-care = देखभाल
nav-section-workspace = वर्कस्पेस
shell-skip = सीधे सामग्री पर जाएँ
inbox-filters-on = लागू
inbox-sla-short-answered = समय पर जवाब
inbox-sla-short-late = देर से जवाब
inbox-sla-short-overdue = { $time } की देरी
inbox-sla-short-waiting = { $time } बाकी
inbox-cursor-invalid = वह पन्ने का लिंक Sangam का बनाया नहीं है, इसलिए सूची फिर से सबसे नए संदेश से शुरू होती है।
crisis-held-not-approved = यह पोस्ट स्वीकृत नहीं है, इसलिए यह अभी भी प्रकाशित नहीं होगी। इसे पूरा करने या स्वीकृति के लिए भेजने के लिए खोलें।

# Room: error catalogue (sangam_domain::ErrorCode). One message per code, `error-<code>`; where one code is said in
# several ways, `$case` picks the form.
error-not_found = { $what } नहीं मिला।
error-conflict = यह बदलाव पहले से मौजूद चीज़ से टकराता है: { $detail }
error-invalid_request =
    { $case ->
        [detail] अनुरोध पढ़ा नहीं जा सका: { $detail }
       *[bare] अनुरोध पढ़ा नहीं जा सका।
    }
error-invalid_json = अनुरोध की सामग्री इस पते के लिए सही JSON नहीं है: { $detail }
error-invalid_form =
    { $case ->
        [upload] अपलोड पढ़ा नहीं जा सका: { $detail }
        [reconnect] दोबारा जोड़ी जाने वाली प्रोफ़ाइल कोई संख्या नहीं है।
       *[form] फ़ॉर्म पढ़ा नहीं जा सका: { $detail }
    }
error-invalid_host = अनुरोध में काम आने लायक Host हेडर नहीं है।
error-body_too_large = अनुरोध की सामग्री { $limit } बाइट से बड़ी है।
error-request_too_large = अनुरोध की सामग्री बहुत बड़ी है।
error-unsupported_media_type = यह सामग्री उसी कंटेंट टाइप के साथ भेजें जो API इसके लिए बताता है।
error-method_not_allowed = यह पता यह तरीका (method) नहीं लेता।
error-text_contains_nul = फ़ील्ड { $field } में U+0000 (NUL) अक्षर है, जिसे सहेजा नहीं जा सकता। इसे हटाकर फिर भेजें।
error-text_too_long = फ़ील्ड { $field } { $max } अक्षरों से लंबा है, जो किसी भी फ़ील्ड की सबसे बड़ी सीमा है।
error-time_out_of_range = { $field }: तारीख़ें 2000-01-01 और 2099-12-31 के बीच होनी चाहिए।
error-date_out_of_range = { $field }: तारीख़ें 2000-01-01 और 2099-12-31 के बीच होनी चाहिए।
error-value_not_storable = इस अनुरोध का एक मान सहेजा नहीं जा सकता (ऐसा अक्षर जिसे डेटाबेस नहीं रख सकता, या सीमा से बाहर की संख्या या तारीख़)। इसे बदलकर फिर भेजें।
error-idempotency_key_invalid = Idempotency-Key हेडर में 1 से { $max } दिखने वाले ASCII अक्षर होने चाहिए (UUID एक अच्छी कुंजी है)।
error-idempotency_key_reused = यह Idempotency-Key किसी दूसरे अनुरोध के साथ पहले ही इस्तेमाल हो चुकी है। नए अनुरोध के लिए नई कुंजी लें।
error-idempotency_request_in_progress = इस Idempotency-Key वाले पहले अनुरोध का जवाब अभी दिया जा रहा है। थोड़ी देर में फिर कोशिश करें।
error-password_too_short = पासवर्ड में कम से कम { $min } अक्षर होने चाहिए।
error-current_password_wrong = आपका मौजूदा पासवर्ड सही नहीं है।
error-email_invalid = name@example.com जैसा ईमेल पता लिखें।
error-name_missing = व्यक्ति का नाम लिखें (100 अक्षरों तक)।
error-link_expired = यह लिंक पुराना हो गया है या पहले ही इस्तेमाल हो चुका है। किसी Admin से नया लिंक माँगें।
error-last_admin = यह वर्कस्पेस का अकेला Admin है। पहले किसी और को Admin बनाएँ।
error-deactivate_self = आप ख़ुद को निष्क्रिय नहीं कर सकते। किसी दूसरे Admin से कहें।
error-person_deactivated = यह व्यक्ति निष्क्रिय है। पहले इन्हें फिर से सक्रिय करें।
error-person_invalid = कोई व्यक्ति चुनें।
error-preferences_invalid = सूची से एक भाषा और एक समय क्षेत्र चुनें।
error-token_name_invalid = टोकन का नाम लिखें (100 अक्षरों तक)।
error-post_empty = पोस्ट में कुछ लिखा होना चाहिए।
error-post_too_long = पोस्ट { $count } लंबी है, जबकि { $network } { $limit } तक लेता है।
error-post_no_profiles = पोस्ट करने के लिए कम से कम एक प्रोफ़ाइल चुनें।
error-post_too_many_images =
    { $case ->
        [composer] एक पोस्ट में ज़्यादा से ज़्यादा { $max } तस्वीरें हो सकती हैं; इसमें { $count } हैं।
       *[network] पोस्ट में { $count } तस्वीरें हैं; { $network } ज़्यादा से ज़्यादा { $limit } लेता है।{ $assumed }
    }
error-post_language_invalid = सूची से लेख की भाषा चुनें (en या hi जैसा दो अक्षरों का कोड)।
error-post_warning_too_long = सामग्री चेतावनी ज़्यादा से ज़्यादा { $max } अक्षरों की हो सकती है।
error-post_scheduled_in_past =
    { $case ->
        [reschedule] आगे का कोई समय चुनें।
       *[compose] आगे का कोई समय चुनें, या अभी प्रकाशित करें।
    }
error-post_time_invalid =
    { $case ->
        [scheduled] निर्धारित पोस्ट के लिए तारीख़ और समय चुनें।
       *[bare] तारीख़ और समय चुनें।
    }
error-post_already_sent = यह पोस्ट (कम से कम कुछ जगह) जा चुकी है, इसलिए अब बदली नहीं जा सकती। इसकी जगह नई पोस्ट लिखें।
error-post_not_draft = केवल ड्राफ़्ट अपने-आप सहेजे जाते हैं; यह पोस्ट पहले ही भेजी जा चुकी है।
error-delivery_not_retryable = केवल विफल डिलीवरी दोबारा भेजी जा सकती है; यह { $state } है।
error-delivery_not_unknown = केवल अज्ञात स्थिति वाली डिलीवरी की जाँच ज़रूरी है; यह { $state } है।
error-range_invalid = 400 दिनों तक की अवधि दें, जिसमें `to`, `from` के बाद हो।
error-image_empty = तस्वीर की फ़ाइल ख़ाली है।
error-image_missing = फ़ाइल `image` नाम के फ़ील्ड में भेजें।
error-image_too_large = तस्वीर { $size } की है; कोई भी नेटवर्क { $limit } से बड़ी नहीं लेता।
error-image_too_large_for_network = तस्वीर { $position } { $size } की है; { $network } हर तस्वीर के लिए ज़्यादा से ज़्यादा { $limit } लेता है।{ $assumed }
error-image_type_unsupported = केवल PNG, JPEG, GIF और WebP तस्वीरें जोड़ी जा सकती हैं।
error-image_alt_too_long =
    { $case ->
        [post] तस्वीर { $place } का वैकल्पिक विवरण { $max } अक्षरों से लंबा है।
       *[upload] वैकल्पिक विवरण ज़्यादा से ज़्यादा { $max } अक्षरों का हो सकता है।
    }
error-image_not_found = तस्वीर { $place } इस वर्कस्पेस के अपलोड में से नहीं है।
error-image_in_use = तस्वीर { $place } किसी दूसरी पोस्ट की है; इस पोस्ट के लिए इसे फिर से अपलोड करें।
error-image_repeated = एक ही तस्वीर दो बार जोड़ी गई है।
error-post_not_waiting = यह पोस्ट स्वीकृति का इंतज़ार नहीं कर रही, इसलिए तय करने को कुछ नहीं है।
error-own_post_approval = यह पोस्ट आपने लिखी है, और लेखक कभी अपनी पोस्ट स्वीकृत नहीं करता, न ही किसी को स्वीकृति के लिए बुलाता है।
error-not_an_approver_of_this_step = यह पोस्ट जिस चरण पर रुकी है, आप उसके स्वीकृतकर्ता नहीं हैं।
error-link_for_another_step = यह लिंक ऐसे चरण के लिए बना था जो अब इंतज़ार में नहीं है, इसलिए अब इससे केवल टिप्पणी की जा सकती है।
error-review_decision_invalid =
    { $case ->
        [api] approve, reject, request changes या comment में से एक इस्तेमाल करें।
        [link] स्वीकृत करें, अस्वीकार करें या बदलाव माँगें में से एक चुनें।
       *[page] स्वीकृत करें, अस्वीकार करें, बदलाव माँगें या टिप्पणी करें में से एक चुनें।
    }
error-review_reason_missing = कारण बताएँ, ताकि लेखक जाने कि क्या बदलना है।
error-review_note_too_long = टिप्पणी { $max } अक्षरों तक हो सकती है।
error-reviewer_name_invalid = बाहरी स्वीकृतकर्ता का नाम लिखें (100 अक्षरों तक)।
error-link_days_invalid = लिंक 1 से 30 दिन तक चलता है।
error-approval_step_without_approvers =
    { $case ->
        [numbered] चरण { $step } में कम से कम एक स्वीकृतकर्ता होना चाहिए।
       *[every] हर चरण में कम से कम एक स्वीकृतकर्ता होना चाहिए।
    }
error-time_zone_unknown = { $zone } ऐसा समय क्षेत्र नहीं है जिसे Sangam जानता हो।
error-queue_slots_invalid = कतार के समय पढ़े नहीं जा सके: { $detail }
error-queue_empty = इस प्रोफ़ाइल के पास अगले आठ हफ़्तों में कतार का कोई ख़ाली समय नहीं है। प्रोफ़ाइल पृष्ठ पर इसके कतार के समय तय करें।
error-pause_reason_missing = बताएँ कि प्रकाशन क्यों रोका गया है; पूरी टीम इसे देखती है।
error-pause_reason_too_long = कारण { $max } अक्षरों तक हो सकता है।
error-held_post_not_approved = { crisis-held-not-approved }
error-held_action_invalid = भेजें, दोबारा समय तय करें या रद्द करें में से एक चुनें।
error-profile_handle_invalid = सैंडबॉक्स हैंडल में 1 से 64 अक्षर, अंक, अंडरस्कोर या बिंदु होते हैं।
error-connect_address_not_https = { profile-error-connect_address_not_https }
error-connect_address_private = { profile-error-connect_address_private }
error-connect_address_invalid = { profile-error-connect_address_invalid }
error-connect_unreachable = सर्वर तक पहुँचा नहीं जा सका ({ $detail })। पता जाँचें, या बाद में फिर कोशिश करें।
error-connect_not_the_network = यह पता { $network } सर्वर की तरह जवाब नहीं देता। पता जाँचें।
error-connect_wrong_credentials =
    { $network ->
        [Bluesky] Bluesky ने हैंडल और ऐप पासवर्ड स्वीकार नहीं किए। दोनों जाँचें, या नया ऐप पासवर्ड बनाएँ।
       *[other] इंस्टेंस ने एक्सेस टोकन स्वीकार नहीं किया। इसे जाँचें, या read और write स्कोप के साथ नया बनाएँ।
    }
error-connect_refused = सर्वर ने मना कर दिया: { $detail }
error-connect_other_account = ये क्रेडेंशियल { $found } के हैं, { $expected } के नहीं। उस खाते को नई प्रोफ़ाइल के रूप में जोड़ें।
error-connect_oauth_expired = { profile-error-connect_oauth_expired }
error-connect_declined = { profile-error-connect_declined }
error-connect_not_supported = { profile-error-connect_not_supported }
error-cursor_invalid = यह पेज लिंक Sangam का बनाया हुआ नहीं है। इनबॉक्स में सबसे ऊपर से फिर शुरू करें।
error-direction_invalid = दिशा older या newer होती है।
error-bulk_selection_invalid = 1 से 100 संदेश चुनें।
error-bulk_action_invalid = { inbox-bulk-pick-action }
error-tag_invalid = टैग 1 से 40 अक्षरों का होता है।
error-note_invalid = 1 से 5000 अक्षरों के बीच लिखें।
error-reply_invalid = 1 से 5000 अक्षरों के बीच लिखें।
error-saved_reply_invalid = 1 से 5000 अक्षरों के बीच लिखें।
error-saved_reply_name_invalid = सहेजे गए जवाब का नाम लिखें (100 अक्षरों तक)।
error-shield_not_opted_in = अपमानजनक संदेश केवल वही लोग खोल सकते हैं जिन्होंने उन्हें सँभालना चुना है। इनबॉक्स सेटिंग पृष्ठ पर इसे चुनें।
error-shield_budget_reached = आज आप { $exposure } अपमानजनक संदेश खोल चुके हैं, जो { $budget } के दैनिक बजट के बराबर है। यह संदेश किसी साथी पर छोड़ दें; बजट कल फिर शुरू होगा।
error-mute_action_invalid = म्यूट या ब्लॉक में से एक चुनें।
error-rule_name_invalid = नियम का नाम लिखें (100 अक्षरों तक)।
error-rule_without_conditions = नियम में कम से कम एक शर्त और एक कार्रवाई होनी चाहिए।
error-rule_without_actions = नियम में कम से कम एक शर्त और एक कार्रवाई होनी चाहिए।
error-inbox_settings_invalid =
    { $case ->
        [numbers] पूर्ण संख्याएँ लिखें।
       *[range] SLA 1 मिनट से 7 दिन तक होता है; बजट दिन में 0 से 1000 संदेश तक।
    }
error-business_hours_invalid =
    { $case ->
        [format] समय HH:MM के रूप में लिखें।
       *[order] कामकाजी घंटे शुरू होने के बाद ख़त्म होते हैं, एक ही दिन के भीतर।
    }
error-focus_kind_invalid = प्रकार compose, review या report में से एक होना चाहिए।
error-checkin_invalid = ऊर्जा और काम का बोझ 1 से 5 तक की पूर्ण संख्याएँ हैं।
error-checkin_note_too_long = टिप्पणी ज़्यादा से ज़्यादा { $max } अक्षरों की हो सकती है।
error-goal_objective_invalid = व्यावसायिक उद्देश्य 1 से 500 अक्षरों में बताएँ।
error-goal_metric_invalid = सूची से एक मीट्रिक चुनें; लक्ष्य उन्हीं मीट्रिक पर चलते हैं जिन्हें रिपोर्ट गिनती हैं।
error-goal_target_invalid = लक्ष्य एक संख्या होनी चाहिए जो शुरुआती मान से अलग हो।
error-goal_dates_invalid =
    { $case ->
        [order] लक्ष्य उसी दिन या उसके बाद ख़त्म होना चाहिए जिस दिन वह शुरू होता है।
       *[format] शुरुआत और अंत YYYY-MM-DD के रूप में दें।
    }
error-goal_profiles_invalid = सूची से लक्ष्य की प्रोफ़ाइलें चुनें।
error-report_unknown =
    { $case ->
        [bare] कोई रिपोर्ट बताएँ।
       *[list] कोई रिपोर्ट बताएँ: profiles, posts, tags या inbox।
    }
error-report_date_invalid = { $field }: YYYY-MM-DD का इस्तेमाल करें।
error-report_period_invalid = अवधि अपने आख़िरी दिन को या उससे पहले शुरू होनी चाहिए।
error-report_period_too_long = तीन साल या उससे कम की अवधि चुनें।
error-report_compare_invalid = अपनी चुनी तुलना के लिए दोनों तारीख़ें क्रम में चाहिए।

# Inbox store and rules (helper: inbox, care, reports)
error-rule_fact_unknown = नियम केवल वही शब्द देख सकता है जो विश्लेषण देता है: “{ $value }” उनमें से नहीं है।

# Posts: one version per network (issue 13)
error-post_variant_repeated = इस पोस्ट में { $network } के लिए दो संस्करण हैं: एक ही रखें।

## Outgoing webhooks
nav-webhooks = वेबहुक
webhooks-title = वेबहुक
webhook-title = वेबहुक
webhooks-intro = दूसरे सिस्टम यहाँ होने वाली घटनाएँ सुन सकते हैं: Sangam हर पते पर उन घटनाओं का हस्ताक्षरित JSON (स्कीमा sangam.webhook.v1) भेजता है जिनकी सदस्यता ली गई है, और जब तक पाने वाला 2xx उत्तर न दे, बढ़ते अंतराल पर फिर भेजता है। हर प्रयास में घटना की आईडी वही रहती है, ताकि पाने वाला दोहराव छोड़ सके।
webhooks-none = अभी कोई वेबहुक नहीं है।
webhook-new = नया वेबहुक
webhook-url = पता (https)
webhook-description = यह किसलिए है
webhook-events = भेजी जाने वाली घटनाएँ
webhook-create = वेबहुक बनाएँ
webhook-created = { $url } के लिए वेबहुक तैयार है।
webhook-secret-once = इसकी हस्ताक्षर कुंजी नीचे है। इसे अभी कॉपी करें: यह केवल इसी बार दिखेगी। पाने वाला इससे Sangam-Signature हेडर जाँचता है (टाइमस्टैम्प, एक बिंदु और बॉडी का HMAC-SHA256)।
webhook-open = वेबहुक और उसका डिलीवरी लॉग खोलें
webhook-enabled = चालू
webhook-disabled = बंद
webhook-back = सभी वेबहुक
webhook-test = परीक्षण घटना भेजें
webhook-test-queued = एक परीक्षण घटना ({ $id }) भेजी जा रही है; उसके प्रयास नीचे डिलीवरी लॉग में दिखेंगे।
webhook-rotate = नई कुंजी बनाएँ
webhook-rotated = नई हस्ताक्षर कुंजी नीचे है, केवल इसी बार दिखेगी। पुरानी कुंजी भी 24 घंटे तक हस्ताक्षर करती रहेगी, ताकि पाने वाला बदल सके।
webhook-previous-until = पिछली कुंजी भी { $time } तक हस्ताक्षर करती है।
webhook-pending = { $count ->
    [one] एक घटना डिलीवरी की प्रतीक्षा में है।
   *[other] { $count } घटनाएँ डिलीवरी की प्रतीक्षा में हैं।
}
webhook-log = डिलीवरी लॉग
webhook-log-none = अभी तक कुछ नहीं भेजा गया है।
webhook-log-time = कब
webhook-log-event = घटना
webhook-log-attempt = प्रयास
webhook-log-status = उत्तर
webhook-log-latency = लगा समय
webhook-log-response = उत्तर के पहले बाइट
webhook-latency-ms = { $ms } मि.से.
webhook-settings = सेटिंग्स
webhook-save = सहेजें
webhook-delete = वेबहुक हटाएँ
webhook-event-post-published = पोस्ट प्रकाशित हुई
webhook-event-delivery-failed = डिलीवरी विफल रही
webhook-event-delivery-unknown = डिलीवरी अज्ञात (भेजी गई, उत्तर नहीं आया)
webhook-event-approval-requested = स्वीकृति माँगी गई
webhook-event-approval-decided = स्वीकृति पर निर्णय हुआ
webhook-event-message-received = संदेश मिला
webhook-event-message-abusive = अपमानजनक संदेश मिला
webhook-event-crisis-paused = संकट स्विच: प्रकाशन रोका गया
webhook-event-crisis-resumed = संकट स्विच: प्रकाशन फिर शुरू हुआ
webhook-event-goal-reached = लक्ष्य पूरा हुआ
webhook-event-webhook-test = परीक्षण घटना
error-webhook_url_invalid = यह ऐसा वेब पता नहीं है जिस पर Sangam भेज सके। पूरा पता दें, जो https:// से शुरू हो।
error-webhook_url_not_https = पता https:// से शुरू होना चाहिए।
error-webhook_url_private = यह पता किसी निजी या स्थानीय नेटवर्क पर है, जिससे Sangam संपर्क नहीं करता। व्यवस्थापक इसे networks.allow_private_addresses से अनुमति दे सकते हैं।
error-webhook_events_invalid = भेजने के लिए कम से कम एक घटना चुनें।
error-webhook_description_too_long = विवरण { $max } अक्षरों तक रखें।

# Single sign-on with OpenID Connect (helper: sso, issue 17)
nav-sso = सिंगल साइन-ऑन
sso-title = सिंगल साइन-ऑन
sso-sign-in-with = { $provider } से साइन इन करें
sso-break-glass = पासवर्ड से साइन इन करें (केवल आपातकालीन एडमिन)
sso-saved = सिंगल साइन-ऑन की सेटिंग सहेज ली गई हैं।
sso-intro = लोग आपकी कंपनी के पहचान प्रदाता से साइन इन करते हैं (OpenID Connect: PKCE के साथ ऑथराइज़ेशन कोड)। Sangam उन्हें उनके सत्यापित ईमेल से यहाँ के व्यक्ति से मिलाता है।
sso-at-provider = आपके पहचान प्रदाता पर
sso-redirect-uri = इस पते को क्लाइंट के रीडायरेक्ट URI के रूप में दर्ज करें:
sso-needs = क्लाइंट को ऑथराइज़ेशन कोड ग्रांट और openid व email स्कोप चाहिए; Sangam प्रदाता की कुंजियाँ उसके डिस्कवरी दस्तावेज़ से पढ़ता है।
sso-linked = { $count ->
    [one] प्रदाता का एक खाता यहाँ के एक व्यक्ति से जुड़ा है।
   *[other] प्रदाता के { $count } खाते यहाँ के लोगों से जुड़े हैं।
}
sso-private-allowed = कॉन्फ़िग फ़ाइल http, लूपबैक या निजी नेटवर्क पर इश्यूअर की अनुमति देती है (sso.allow_private_issuer)।
sso-from-config-title = कॉन्फ़िग फ़ाइल में तय
sso-from-config = ये सेटिंग कॉन्फ़िग फ़ाइल के [sso] भाग से आती हैं, जो इस पेज से ऊपर है। इन्हें वहीं बदलें और Sangam दोबारा शुरू करें।
sso-enabled = साइन-इन पेज पर सिंगल साइन-ऑन दिखाएँ
sso-yes = हाँ
sso-no = नहीं
sso-provider-name = प्रदाता का नाम (बटन पर दिखता है)
sso-issuer = इश्यूअर URL
sso-client-id = क्लाइंट ID
sso-client-secret = क्लाइंट सीक्रेट
sso-secret-kept = एक क्लाइंट सीक्रेट (सील करके) रखा है। उसे रखने के लिए फ़ील्ड खाली छोड़ें।
sso-secret-none = कोई क्लाइंट सीक्रेट नहीं रखा है: Sangam केवल PKCE के साथ सार्वजनिक क्लाइंट के रूप में साइन इन करता है।
sso-remove-secret = रखा हुआ क्लाइंट सीक्रेट हटाएँ
sso-scopes = स्कोप
sso-new-people = सत्यापित ईमेल वाला कोई व्यक्ति जो यहाँ किसी के पास नहीं है
sso-new-refuse = मना करें (पहले कोई एडमिन उन्हें जोड़े या आमंत्रित करे)
sso-new-create-with = उन्हें डिफ़ॉल्ट भूमिका के साथ जोड़ें
sso-new-create = { $role } भूमिका के साथ जोड़े जाते हैं
sso-default-role = डिफ़ॉल्ट भूमिका
sso-only = केवल SSO
sso-only-help = आपातकालीन एडमिन के अलावा सबके लिए पासवर्ड से साइन-इन बंद करें
sso-only-on = चालू; { $email } अब भी पासवर्ड से साइन इन कर सकते हैं
sso-break-glass-admin = आपातकालीन एडमिन (उस एडमिन का ईमेल जो अब भी पासवर्ड इस्तेमाल कर सकता है)
sso-save = सहेजें
audit-do-signed_in_sso = सिंगल साइन-ऑन से साइन इन किया
audit-do-sso_refused = को सिंगल साइन-ऑन से मना किया गया
audit-do-sso_person_created = सिंगल साइन-ऑन से जोड़े गए
audit-do-sso_settings_saved = सिंगल साइन-ऑन की सेटिंग बदलीं
audit-kind-sso = सिंगल साइन-ऑन
error-sso_not_configured = सिंगल साइन-ऑन सेट नहीं है। अपने ईमेल और पासवर्ड से साइन इन करें, या किसी एडमिन से पूछें।
error-sso_provider_unreachable = साइन-इन प्रदाता तक पहुँचा नहीं जा सका। थोड़ी देर में फिर कोशिश करें; बार-बार हो तो किसी एडमिन से प्रदाता की जाँच करने को कहें।
error-sso_provider_error = साइन-इन प्रदाता ने मना किया या ऐसा उत्तर दिया जिसे Sangam नहीं समझता। फिर कोशिश करें, या किसी एडमिन से सिंगल साइन-ऑन की सेटिंग जाँचने को कहें।
error-sso_issuer_not_allowed = Sangam केवल सार्वजनिक इंटरनेट पर https पतों वाले पहचान प्रदाताओं से संपर्क करता है। अपने नेटवर्क के प्रदाता के लिए कॉन्फ़िग फ़ाइल में sso.allow_private_issuer = true रखें।
error-sso_state_mismatch = यह साइन-इन यहाँ से शुरू नहीं हुआ, या बहुत देर लगी। साइन-इन बटन से फिर शुरू करें।
error-sso_token_invalid = प्रदाता का उत्तर Sangam के लिए नहीं था (गलत इश्यूअर या ऑडियंस, या विवरण गायब)। किसी एडमिन से सिंगल साइन-ऑन की सेटिंग जाँचने को कहें।
error-sso_token_signature_invalid = प्रदाता का उत्तर प्रदाता की कुंजी से हस्ताक्षरित नहीं है, इसलिए शायद बदला गया है। साइन-इन से मना किया गया।
error-sso_token_expired = प्रदाता के उत्तर की अवधि समाप्त हो गई है। साइन-इन बटन से फिर शुरू करें; बार-बार हो तो Sangam और प्रदाता की घड़ियाँ जाँचें।
error-sso_nonce_mismatch = प्रदाता का उत्तर किसी दूसरे साइन-इन का है, इसलिए शायद दोहराया गया है। साइन-इन बटन से फिर शुरू करें।
error-sso_email_not_verified = प्रदाता ने नहीं बताया कि आपका ईमेल सत्यापित है। वहाँ सत्यापित करें, फिर साइन इन करें।
error-sso_account_refused = यहाँ आपका कोई सक्रिय खाता नहीं है। किसी एडमिन से आपको जोड़ने या आमंत्रित करने को कहें।
error-sso_passwords_off = पासवर्ड से साइन-इन बंद है: { $provider } से साइन इन करें।
error-sso_settings_invalid = { $field ->
    [provider_name] प्रदाता को 60 अक्षरों तक का नाम दें।
    [issuer] इश्यूअर एक वेब पता होना चाहिए, जैसे https://id.example.com/realms/team।
    [client_id] वह क्लाइंट ID डालें जो प्रदाता ने Sangam को दी है (200 अक्षरों तक)।
    [client_secret] क्लाइंट सीक्रेट बहुत लंबा है या उसमें नियंत्रण अक्षर हैं।
    [scopes] स्कोप रिक्त स्थान से अलग शब्द हैं, जैसे openid email profile।
    [default_role] सिंगल साइन-ऑन से जोड़े गए लोगों की भूमिका चुनें: एडमिन के अलावा कोई भी।
    [new_people] चुनें कि उस व्यक्ति का क्या हो जो यहाँ किसी के पास नहीं है।
    [break_glass] केवल SSO के लिए आपातकालीन खाते के रूप में इस वर्कस्पेस के किसी सक्रिय एडमिन का ईमेल चाहिए।
   *[other] सिंगल साइन-ऑन की सेटिंग जाँचें।
}
error-sso_managed_by_config = सिंगल साइन-ऑन की सेटिंग कॉन्फ़िग फ़ाइल के [sso] भाग से आती हैं, जो इस पेज से ऊपर है: उन्हें वहीं बदलें।


# The weekly review and insights (issue 16)
error-review_item_invalid = एजेंडा, नोट, निर्णय या कार्य में शब्द होने चाहिए ({ $reason })।
error-insight_invalid = इनसाइट कार्ड में { $reason } होना चाहिए।
nav-review = साप्ताहिक समीक्षा
nav-insights = इनसाइट
review-title = साप्ताहिक समीक्षा
review-list = समीक्षाएँ
review-none = अभी कोई समीक्षा नहीं बनी है। सप्ताह खत्म होने पर Sangam एक बनाता है; आप किसी भी सप्ताह की समीक्षा अभी बना सकते हैं।
review-draft = इस दिन वाले सप्ताह की समीक्षा बनाएँ
review-draft-button = बनाएँ
review-week = { $from } से { $to } का सप्ताह ({ $zone })
review-drafted-engine = Sangam ने { $at } पर बनाई
review-drafted-person = किसी व्यक्ति के कहने पर { $at } पर बनी
review-worked = क्या चला
review-worked-none = इस सप्ताह कोई पोस्ट अपनी प्रोफ़ाइल की माध्यिका एंगेजमेंट दर से 1.5 गुना या अधिक नहीं रही।
review-did-not = क्या नहीं चला
review-did-not-none = इस सप्ताह कोई पोस्ट अपनी प्रोफ़ाइल की माध्यिका एंगेजमेंट दर के दो-तिहाई या उससे कम पर नहीं रही।
review-times = प्रोफ़ाइल की माध्यिका का { $times } गुना ({ $median } के मुकाबले { $rate })
review-shared = इस सप्ताह की पोस्ट में क्या समान है
review-shared-help = किसी गुण वाली पोस्ट बनाम बिना उस गुण वाली: प्रति फ़ॉलोअर माध्यिका एंगेजमेंट दर और पोस्ट की संख्या। यह तुलना है, कारण नहीं।
review-shared-line = { $attribute } “{ $value }”: माध्यिका { $with } बनाम बिना { $without }, { $nwith } बनाम { $nwithout } पोस्ट
review-attr-time_slot = समय
review-attr-format = प्रारूप
review-attr-language = भाषा
review-attr-length = लंबाई
review-attr-tag = टैग या अभियान
review-goals = लक्ष्य
review-goals-none = इस सप्ताह कोई लक्ष्य नहीं चल रहा।
review-goal-off-track = राह से हटा
review-goal-on-track = राह पर
review-goal-no-forecast = अभी पूर्वानुमान नहीं
review-inbox = इनबॉक्स
review-inbox-received = मिले संदेश: { $n } (पिछले सप्ताह { $prev })
review-inbox-rate = जवाब दर: { $rate } (पिछले सप्ताह { $prev })
review-inbox-first = पहले जवाब की माध्यिका: { $median }; { $sla } मिनट के SLA में: { $actionable } में से { $within }
review-sentiment = दिन के अनुसार भावना
review-sentiment-week = पिछला सप्ताह: { $pos } सकारात्मक, { $neu } तटस्थ, { $neg } नकारात्मक
review-complaints = लोगों ने किस बात की शिकायत की
review-praise = लोगों ने किस बात की तारीफ़ की
review-themes-none = कोई वाक्यांश दो या अधिक संदेशों में नहीं आया।
review-theme-line = { $count } संदेश (पिछले सप्ताह { $prev }, { $change })
review-team = टीम (केवल कुल)
review-team-line = { $people } लोग: इनबॉक्स पर { $inbox } मिनट, लिखने में { $compose }, स्वीकृतियों पर { $approval }, रिपोर्ट पर { $report }; { $handled } संदेश निपटाए, { $shipped } पोस्ट भेजी; { $exposure } अपमानजनक संदेश खोले; काम के घंटों के बाद { $after } काम। (इस सप्ताह अब तक, देखभाल पेज की तरह।)
review-checkin = सप्ताह का चेक-इन औसत: ऊर्जा { $energy }, काम का बोझ { $workload } ({ $people } लोग)
review-checkin-hidden = चेक-इन औसत केवल खत्म हुए सप्ताह में तीन या अधिक चेक-इन होने पर दिखता है (अभी { $people })।
review-listening = प्रतियोगी और लिसनिंग की मुख्य बातें: Sangam अभी प्रतियोगी या लिसनिंग डेटा नहीं जुटाता, इसलिए समीक्षा में ये नहीं हैं।
review-meeting = बैठक
review-carried = पिछले सप्ताहों के खुले कार्य
review-items = एजेंडा, नोट और निर्णय
review-add = जोड़ें
review-kind-agenda = एजेंडा
review-kind-note = नोट
review-kind-decision = निर्णय
review-kind-action = कार्य
review-owner = ज़िम्मेदार
review-due = अंतिम तिथि
review-done = पूरा
review-mark-done = पूरा करें
review-body = शब्द
review-make-insight = इनसाइट कार्ड बनाएँ
insights-title = इनसाइट
insights-none = अभी कोई इनसाइट कार्ड नहीं है। साप्ताहिक समीक्षा के किसी आँकड़े, विषय या संदेश से एक बनाएँ।
insights-sentence = इनसाइट
insights-goal = यह किस व्यावसायिक लक्ष्य में मदद करती है
insights-goal-pick = कार्यक्षेत्र का कोई लक्ष्य
insights-evidence = प्रमाण
insights-source = किससे बना
insights-source-figure = एक आँकड़ा
insights-source-theme = एक विषय
insights-source-message = एक संदेश
insights-publish = दूसरे विभागों के लिए प्रकाशित करें
insights-published = { $at } को प्रकाशित
insights-draft = प्रकाशित नहीं
insights-share = डाइजेस्ट साझा करें (केवल पढ़ने का लिंक)
insights-share-link = इस लिंक वाला कोई भी { $expires } तक प्रकाशित इनसाइट पढ़ सकता है:
insights-print = छापने योग्य पेज
insights-digest = सोशल टीम से इनसाइट
insights-digest-none = अभी कुछ प्रकाशित नहीं हुआ है।
insights-new = नया इनसाइट कार्ड
insights-create = कार्ड सहेजें

# Bulk scheduling (posts/bulk)
bulk-title = एक साथ शेड्यूल करें
bulk-intro = एक स्प्रेडशीट से एक साथ कई पोस्ट शेड्यूल करें: हर पंक्ति एक पोस्ट। कुछ भी सहेजने से पहले हर पंक्ति को हर नेटवर्क की सीमाओं और कतार से जाँचा जाता है।
bulk-template = टेम्पलेट डाउनलोड करें (CSV)
bulk-link = स्प्रेडशीट से एक साथ शेड्यूल करें
bulk-upload = CSV अपलोड करें या पंक्तियाँ चिपकाएँ
bulk-format = कॉलम: text, profiles (हैंडल ; से अलग), time (स्थानीय, जैसे 2030-01-06 09:30; खाली हो तो कतार का अगला खाली समय), zone, tags (; से अलग), campaign, image (https पता या नीचे चुनी गई तस्वीर की फ़ाइल का नाम), image_alt, और हर नेटवर्क के अपने शब्दों के लिए एक कॉलम (text_bluesky, text_mastodon, text_sandbox)। अधिकतम { $max } पंक्तियाँ और 2 MB।
bulk-file = CSV फ़ाइल
bulk-paste = या स्प्रेडशीट से पंक्तियाँ चिपकाएँ
bulk-zone = जिन पंक्तियों में समय क्षेत्र नहीं है, उनका समय क्षेत्र
bulk-images = वे तस्वीरें जिन्हें पंक्तियाँ फ़ाइल के नाम से बताती हैं
bulk-uploaded = इन पंक्तियों के साथ { $count } तस्वीर(रें) अपलोड हुईं।
bulk-check = पंक्तियाँ जाँचें
bulk-checked = { $count } पंक्तियाँ जाँची गईं:
bulk-good = { $count } शेड्यूल हो सकती हैं,
bulk-bad = { $count } नहीं।
bulk-created = { $count } पोस्ट एक साथ शेड्यूल हुईं। उन्हें कैलेंडर पर देखें:
bulk-schedule = { $count } सही पंक्तियाँ शेड्यूल करें
bulk-bad-title = वे पंक्तियाँ जो शेड्यूल नहीं हो सकतीं ({ $count })
bulk-good-title = शेड्यूल होने वाली पंक्तियाँ ({ $count })
bulk-line = पंक्ति
bulk-code = कोड
bulk-reason = कारण
bulk-when = कब
bulk-profiles = प्रोफ़ाइल
bulk-status = स्थिति
bulk-text = पाठ
bulk-status-approved = शेड्यूल हुई
bulk-status-pending_approval = मंज़ूरी का इंतज़ार
error-bulk_file_too_large = शीट { $size } की है; एक बार में अधिकतम { $limit } ली जाती है। इसे छोटी फ़ाइलों में बाँटें।
error-bulk_file_unreadable = पंक्ति { $line } के आसपास शीट को CSV पाठ (UTF-8) की तरह पढ़ा नहीं जा सका।
error-bulk_column_unknown = कॉलम “{ $column }” Sangam नहीं पहचानता। टेम्पलेट के कॉलम इस्तेमाल करें: text, profiles, time, zone, tags, campaign, image, image_alt, text_bluesky, text_mastodon, text_sandbox।
error-bulk_column_missing = शीट में “{ $column }” कॉलम नहीं है; उसकी पहली पंक्ति में कॉलमों के नाम होने चाहिए।
error-bulk_no_rows = शीट की शीर्ष पंक्ति के नीचे पोस्ट की कोई पंक्ति नहीं है।
error-bulk_too_many_rows = शीट में { $max } से ज़्यादा पंक्तियाँ हैं; इसे छोटी फ़ाइलों में बाँटें।
error-bulk_profile_unknown = इस वर्कस्पेस की किसी प्रोफ़ाइल का हैंडल “{ $handle }” नहीं है।
error-bulk_time_invalid = “{ $value }” ऐसा समय नहीं जिसे Sangam पढ़ सके; इसे 2030-01-06 09:30 की तरह लिखें।
error-bulk_zone_unknown = “{ $zone }” कोई समय क्षेत्र नहीं है; Asia/Kolkata या Europe/London जैसा नाम लिखें।
error-bulk_image_not_uploaded = इन पंक्तियों के साथ “{ $name }” नाम की कोई तस्वीर अपलोड नहीं हुई।
error-bulk_image_unreachable = तस्वीर { $url } इस्तेमाल नहीं हो सकी: { $reason }।

# ट्रैक किए गए लिंक, कन्वर्ज़न, लागत और ROI (issue 14)
nav-links = ट्रैक किए गए लिंक
nav-conversions = कन्वर्ज़न
nav-costs = प्रति घंटा लागत
links-title = ट्रैक किए गए लिंक
links-intro = “लिंक ट्रैक करें” चुनने पर कंपोज़र पोस्ट के लिंक में ये UTM पैरामीटर जोड़ता है, और उन्हें संगम के अपने छोटे लिंक से भेज सकता है, जो क्लिक गिनते हैं (बॉट और लिंक प्रीव्यू छोड़कर, कोई पता सहेजा नहीं जाता)।
links-presets = UTM प्रीसेट
links-presets-note = utm_campaign पोस्ट का पहला टैग है। केवल अक्षर, अंक, - _ और .।
links-presets-save = प्रीसेट सहेजें
links-network = नेटवर्क
links-recent = पिछले 90 दिनों के छोटे लिंक
links-none = अभी कोई छोटा लिंक नहीं: कंपोज़र में “लिंक ट्रैक करें” और “छोटे लिंक इस्तेमाल करें” चुनें।
links-short = छोटा लिंक
links-destination = मंज़िल
links-campaign = अभियान
links-post = पोस्ट
compose-track-links = लिंक ट्रैक करें (UTM पैरामीटर जोड़ें)
compose-short-links = संगम के छोटे लिंक इस्तेमाल करें (क्लिक गिनें)
compose-track-links-help = हर नेटवर्क की प्रति को अपने पैरामीटर मिलते हैं; पहले से ट्रैक किया गया लिंक वैसा ही रहता है।
conversions-title = कन्वर्ज़न
conversions-intro = आपके अभियानों से आई बिक्री और साइन-अप: स्प्रेडशीट से आयात किए गए, API को भेजे गए, या आपकी साइट के स्निपेट से बताए गए।
conversions-imported = { $count } कन्वर्ज़न आयात हुए।
conversions-duplicates = { $count } पंक्तियाँ पहले ही आयात हो चुकी थीं (वही बाहरी आईडी), इसलिए छोड़ी गईं।
conversions-bad-rows = { $count } पंक्तियाँ आयात नहीं हो सकीं
conversions-line = पंक्ति
conversions-reason = क्यों
conversions-row = पंक्ति का पाठ
conversions-preview-title = { $count } पंक्तियाँ आयात हो सकती हैं
conversions-import-good = ये { $count } पंक्तियाँ आयात करें
conversions-upload = CSV फ़ाइल आयात करें
conversions-format = कॉलम (पहली पंक्ति): date (आपके समय क्षेत्र में YYYY-MM-DD, या पूरा समय), campaign या link (छोटे लिंक का कोड), count, value (जैसे 49.90), currency (INR, USD, EUR या GBP), external_id (वैकल्पिक: दोहराव छोड़ा जाता है)।
conversions-file = फ़ाइल
conversions-paste = या यहाँ चिपकाएँ
conversions-preview = पूर्वावलोकन
conversions-snippet = आपकी साइट के लिए स्निपेट
conversions-snippet-note = पहली पंक्ति अपनी साइट के हर पेज पर लगाएँ; बिक्री होने पर sangam.conversion बुलाएँ। यह छोटे लिंक से आई क्लिक आईडी (sg_click) भेजता है, ताकि बिक्री पोस्ट के अभियान के नाम हो।
conversions-spend = अभियान पर खर्च
conversions-date = तारीख़
conversions-amount = राशि ({ $currency })
conversions-note = टिप्पणी
conversions-spend-save = खर्च जोड़ें
conversions-currency = मुद्रा
conversions-currency-note = लागत, खर्च और रिटर्न इसी मुद्रा में बताए जाते हैं; दूसरी मुद्रा के कन्वर्ज़न अलग दिखाए जाते हैं।
conversions-currency-save = मुद्रा सहेजें
conversions-recent = पिछले 90 दिनों के कन्वर्ज़न
conversions-none = अभी कोई कन्वर्ज़न नहीं।
conversions-count = संख्या
conversions-value = मूल्य
conversions-external-id = बाहरी आईडी
conversions-source = कहाँ से आया
conversions-source-csv = CSV आयात
conversions-source-api = API
conversions-source-snippet = आपकी साइट का स्निपेट
conversion-row-date = तारीख़ YYYY-MM-DD या पूरा समय नहीं है।
conversion-row-link = इस वर्कस्पेस का कोई छोटा लिंक इस कोड का नहीं है।
conversion-row-campaign = अभियान (40 अक्षरों तक का टैग) या लिंक दें।
conversion-row-count = संख्या 1 से 10,00,000 तक की पूर्ण संख्या होनी चाहिए।
conversion-row-value = मूल्य अधिकतम दो दशमलव वाली धनात्मक राशि होनी चाहिए।
conversion-row-currency = मुद्रा INR, USD, EUR या GBP होनी चाहिए।
conversion-row-external_id = बाहरी आईडी 200 अक्षरों से लंबी है।
conversion-row-repeated = यह बाहरी आईडी फ़ाइल की किसी पिछली पंक्ति में पहले से है।
costs-title = प्रति घंटा लागत
costs-intro = हर व्यक्ति के एक घंटे की लागत। इन्हें केवल एडमिन देखते हैं; रिपोर्ट अभियान की श्रम लागत दिखाती हैं, किसी व्यक्ति की दर कभी नहीं। न हो तो ख़ाली छोड़ें।
costs-person = व्यक्ति
costs-per-hour = प्रति घंटा ({ $currency })
costs-save = प्रति घंटा लागत सहेजें
report-roi-title = अभियान ROI
report-roi-table = हर अभियान का रिटर्न
report-roi-note = सोशल ROI = (मूल्य − लागत) ÷ लागत × 100। लागत = अभियान की पोस्टों और बातचीत पर टीम का समय × हर व्यक्ति की प्रति घंटा लागत, और खर्च। लिखने और समीक्षा का समय उस पोस्ट का गिना जाता है जो सत्र के एक मिनट के भीतर सहेजी या तय की गई; इनबॉक्स का समय अभियान की पोस्टों के जवाबी संदेशों का; रिपोर्ट का समय तब जब यह रिपोर्ट एक अभियान के लिए खुली हो। दो अभियानों वाली पोस्ट दोनों में गिनी जाती है।
report-roi-listed = केवल पहली { $count } पंक्तियाँ दिखाई गई हैं; आँकड़े सब गिनते हैं।
report-roi-clicks = क्लिक
report-roi-clicks-note = विज़िटर दिन: वह UTC दिन जिसके सॉल्ट से विज़िटर हैश बना (उस दिन दो बार क्लिक करने वाला व्यक्ति एक अनोखा विज़िटर है)।
report-roi-conversions = कन्वर्ज़न
report-roi-work = अभियान पर समय
report-roi-work-note = प्रति घंटा लागत यहाँ नहीं दिखाई जाती।
report-roi-spend = खर्च
report-chart-roi = हर अभियान का सोशल ROI
report-col-campaign = अभियान
report-col-work = समय
report-col-labour-cost = श्रम लागत
report-col-spend = खर्च
report-col-time = कब
report-col-link = लिंक
report-col-visitor-day = विज़िटर दिन
report-col-external-id = बाहरी आईडी
report-col-person = व्यक्ति
report-col-work-kind = काम
report-col-note = टिप्पणी
report-work-compose = लिखना
report-work-review = समीक्षा
report-work-report = रिपोर्टिंग
report-work-inbox = इनबॉक्स
glossary-link_clicks-name = लिंक क्लिक
glossary-link_clicks-formula = किसी व्यक्ति द्वारा संगम के छोटे लिंक के अनुरोध; क्रॉलर, नेटवर्कों के लिंक प्रीव्यू और HEAD अनुरोध नहीं गिने जाते।
glossary-unique_visitors-name = अनोखे विज़िटर
glossary-unique_visitors-formula = क्लिकों में अलग-अलग (UTC दिन, विज़िटर) जोड़े; विज़िटर = SHA-256(उस दिन का सॉल्ट, पता, ब्राउज़र); सॉल्ट अपने दिन के बाद मिटा दिया जाता है, इसलिए कोई पता वापस नहीं निकाला जा सकता।
glossary-conversions-name = कन्वर्ज़न
glossary-conversions-formula = अभियान के नाम किए गए कन्वर्ज़न की संख्याओं का योग (कन्वर्ज़न पर लिखा, उसके छोटे लिंक से, या क्लिक आईडी से)।
glossary-conversion_value-name = कन्वर्ज़न मूल्य
glossary-conversion_value-formula = अभियान के नाम किए गए कन्वर्ज़न के मूल्यों का योग, वर्कस्पेस की मुद्रा में।
glossary-campaign_cost-name = अभियान लागत
glossary-campaign_cost-formula = लोगों पर योग: अभियान पर घंटे × उनकी प्रति घंटा लागत, और अभियान के लिए दर्ज खर्च।
error-utm_preset_invalid = “{ $value }” UTM मान नहीं हो सकता: 1 से 60 अक्षर, अंक, - _ या . इस्तेमाल करें।
error-conversion_invalid = कन्वर्ज़न का { $field } सही नहीं है।
error-conversion_csv_invalid = यह फ़ाइल कन्वर्ज़न की CSV नहीं है: इसकी पहली पंक्ति में date, campaign या link, और currency कॉलम होने चाहिए (अधिकतम 10,000 पंक्तियाँ, UTF-8)।
error-click_unknown = संगम ने यह क्लिक आईडी नहीं दी थी।
error-money_invalid = राशि अधिकतम दो दशमलव वाली धनात्मक संख्या में लिखें, जैसे 1250.50।
error-currency_invalid = INR, USD, EUR या GBP चुनें।
error-campaign_invalid = अभियान का टैग दें (40 अक्षरों तक)।
# Competitors (issue 15)
nav-competitors = प्रतिस्पर्धी
competitors-title = प्रतिस्पर्धी
competitors-intro = Bluesky, Mastodon और सैंडबॉक्स पर वे सार्वजनिक खाते जिन पर आप नज़र रखते हैं। Sangam बिना साइन-इन के केवल वही पढ़ता है जो नेटवर्क पर कोई भी देख सकता है: प्रोफ़ाइल की गिनतियाँ और उसकी अपनी हाल की पोस्ट (जवाब और रीपोस्ट नहीं), खाता जोड़ते समय पीछे से पढ़ी गईं और हर { $minutes } मिनट में ताज़ा की गईं।
competitors-add = प्रतिस्पर्धी जोड़ें
competitors-network = नेटवर्क
competitors-handle = हैंडल या प्रोफ़ाइल का पता
competitors-handle-hint = उदाहरण के लिए brand.bsky.social, brand@mastodon.social, या सैंडबॉक्स पर: { $examples }
competitors-add-button = जोड़ें
competitors-added = अब { $name } पर नज़र रखी जा रही है। उसकी हाल की पोस्ट पढ़ी जा रही हैं; रिपोर्ट एक मिनट में भर जाएगी।
competitors-removed = अब { $name } पर नज़र नहीं रखी जा रही। उसका इतिहास रखा गया है: वापस लाने के लिए उसे फिर से जोड़ें।
competitors-remove = नज़र रखना बंद करें
competitors-empty = अभी कोई प्रतिस्पर्धी नहीं है। ऊपर एक जोड़ें।
competitors-col-name = खाता
competitors-col-followers = फ़ॉलोअर
competitors-col-posts = रखी गई पोस्ट
competitors-col-read = आख़िरी बार पढ़ा गया
competitors-col-status = स्थिति
competitors-backfilling = हाल की पोस्ट पढ़ी जा रही हैं
competitors-ok = अद्यतन
competitors-failed = पिछली बार पढ़ना विफल रहा: { $error }
competitors-never = अभी नहीं
competitors-compare = हमसे तुलना करें
report-competitors-title = प्रतिस्पर्धी
report-competitors-choose = रिपोर्ट में प्रतिस्पर्धी (अधिकतम 20; कोई न चुना हो तो पहले 20)
report-competitors-table = हम और हमारे प्रतिस्पर्धी, साथ-साथ
report-competitors-note = हमारी पंक्तियाँ ऊपर चुनी गई प्रोफ़ाइल हैं (कोई न चुनी हो तो सभी); हर दर सूची का वही सूत्र है, दोनों पक्षों के लिए एक जैसा। प्रतिस्पर्धी की एंगेजमेंट दरें पोस्ट के समय उसके फ़ॉलोअर से भाग देती हैं; उसके पहले स्नैपशॉट से पुरानी पोस्ट के लिए (जो जोड़ते समय पीछे से पढ़ी गईं: नेटवर्क फ़ॉलोअर का इतिहास नहीं रखते) उस पहले स्नैपशॉट के फ़ॉलोअर से।
report-competitors-best = सबसे अच्छी पोस्ट (सबसे ज़्यादा एंगेजमेंट)
report-competitors-times = पोस्ट करने के समय (आपके समय क्षेत्र में)
report-competitors-times-note = हर खाते की, हफ़्ते के हर घंटे में प्रकाशित पोस्ट, { $zone } में।
report-competitors-hashtags = इस्तेमाल किए गए हैशटैग
report-chart-competitor-followers = समय के साथ फ़ॉलोअर
report-col-account = खाता
report-col-side = पक्ष
report-col-hashtags = हैशटैग
report-col-weekday = सप्ताह का दिन
report-col-hour = घंटा
report-col-posts = पोस्ट
report-side-us = हम
report-side-competitor = प्रतिस्पर्धी
glossary-posts_per_week-name = प्रति सप्ताह पोस्ट
glossary-posts_per_week-formula = अवधि में प्रकाशित पोस्ट को अवधि के सप्ताहों (उसके दिन / 7) से भाग दिया गया।
glossary-posts_per_week-denominator = अवधि के सप्ताह (दिन / 7)।
error-competitor_not_found = { $network } पर { $handle } नाम का कोई खाता नहीं है। वर्तनी जाँचें, या उसके प्रोफ़ाइल पेज का पता चिपकाएँ।
error-competitor_network_unsupported = प्रतिस्पर्धियों पर Bluesky, Mastodon और सैंडबॉक्स पर नज़र रखी जा सकती है।
error-competitor_unreachable = खाता खोजने के लिए { $network } तक नहीं पहुँचा जा सका: { $detail }
error-competitor_too_many = एक प्रतिस्पर्धी रिपोर्ट एक बार में अधिकतम 20 प्रतिस्पर्धियों की तुलना करती है: कम चुनें।
error-competitor_handle_empty = खाते का हैंडल या उसके प्रोफ़ाइल पेज का पता लिखें।

# The Shield threshold page (issue 19)
shield-threshold-title = शील्ड की सीमा
shield-threshold-link = शील्ड की सीमा: शील्ड को कितना पक्का होना चाहिए
shield-threshold-intro = हर संदेश को 0 से 1 के बीच अपमान का अंक मिलता है। सीमा से उस अंक पर वह अपमानजनक गिना जाता है: वह धुंधला होता है और केवल उन्हीं लोगों को जाता है जो अपमानजनक संदेश सँभालते हैं। कम सीमा ज़्यादा अपमान पकड़ती है पर ज़्यादा हानिरहित संदेश भी धुंधले करती है; ऊँची सीमा इसका उलटा।
shield-threshold-current = अभी की सीमा:
shield-threshold-label = सीमा
shield-threshold-help = सहेजने पर वे खुले संदेश फिर से परखे जाते हैं जिन पर किसी ने फ़ैसला नहीं दिया है, और हर नया संदेश नई सीमा पर परखा जाता है।
shield-threshold-source-team = { $count ->
    [one] अपेक्षित आँकड़े आपकी टीम के अपने { $count } संदेश पर दिए फ़ैसले से।
   *[other] अपेक्षित आँकड़े आपकी टीम के अपने { $count } संदेशों पर दिए फ़ैसलों से (हर संदेश का आते समय का अंक, और उस पर आख़िरी फ़ैसला)।
}
shield-threshold-source-dev = { $count ->
    [one] अपेक्षित आँकड़े डेव सेटों से (शोधकर्ताओं द्वारा लेबल की गई अंग्रेज़ी, हिंदी और हिंग्लिश पोस्ट), साथ आए मॉडल से मापे गए। आपकी टीम ने { $count } फ़ैसला दिया है; 30 फ़ैसलों से, हर तरह के कम से कम 5 के साथ, टीम के अपने आँकड़े लिए जाते हैं।
   *[other] अपेक्षित आँकड़े डेव सेटों से (शोधकर्ताओं द्वारा लेबल की गई अंग्रेज़ी, हिंदी और हिंग्लिश पोस्ट), साथ आए मॉडल से मापे गए। आपकी टीम ने { $count } फ़ैसले दिए हैं; 30 फ़ैसलों से, हर तरह के कम से कम 5 के साथ, टीम के अपने आँकड़े लिए जाते हैं।
}
shield-threshold-precision = अपेक्षित परिशुद्धता (धुंधले संदेशों में सचमुच अपमानजनक का हिस्सा):
shield-threshold-recall = अपेक्षित रिकॉल (अपमानजनक संदेशों में धुंधले का हिस्सा):
shield-threshold-precision-short = परिशुद्धता
shield-threshold-recall-short = रिकॉल
shield-threshold-confusion = इस सीमा पर भ्रम तालिका
shield-threshold-flagged = धुंधला
shield-threshold-not-flagged = धुंधला नहीं
shield-threshold-abusive = अपमानजनक
shield-threshold-not-abusive = अपमानजनक नहीं
shield-threshold-sets = इस सीमा पर हर डेव सेट
shield-threshold-set = डेव सेट
shield-threshold-curve = दूसरी सीमाएँ
error-shield_threshold_invalid = सीमा { $min } से { $max } तक की कोई संख्या होनी चाहिए।
