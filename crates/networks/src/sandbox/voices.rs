//! The people who write to a sandbox profile, and what they say: written for the sandbox, in English, Hindi
//! (Devanagari) and Hinglish (Hindi in Latin letters), so that language detection, sentiment and abuse filters have
//! realistic work in the demo and in practice sessions.
//!
//! The abusive lines are rude on purpose (insults, "chor", "बेवकूफ") so that moderation rules and the abuse-exposure
//! budget have something to act on; none targets a protected group.

use serde::{Deserialize, Serialize};

/// A member of the public.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Person {
    pub handle: &'static str,
    pub name: &'static str,
}

const fn person(handle: &'static str, name: &'static str) -> Person {
    Person { handle, name }
}

/// Ordinary followers and customers; some write their names in Devanagari.
pub(crate) const PUBLIC: [Person; 24] = [
    person("priya_sharma", "Priya Sharma"),
    person("rahul.verma", "राहुल वर्मा"),
    person("ananya_iyer", "Ananya Iyer"),
    person("vikram_singh", "विक्रम सिंह"),
    person("meera.k", "Meera Krishnan"),
    person("arjun_mehta", "Arjun Mehta"),
    person("sunita_devi", "सुनीता देवी"),
    person("fatima_sheikh", "Fatima Sheikh"),
    person("rohit_gupta", "रोहित गुप्ता"),
    person("neha_joshi", "Neha Joshi"),
    person("aditya_rao", "Aditya Rao"),
    person("pooja_nair", "Pooja Nair"),
    person("amit_kumar", "अमित कुमार"),
    person("sarah_thomas", "Sarah Thomas"),
    person("john_dsouza", "John D'Souza"),
    person("deepa_menon", "Deepa Menon"),
    person("harpreet_kaur", "Harpreet Kaur"),
    person("imran_92", "Imran Qureshi"),
    person("lakshmi.s", "लक्ष्मी"),
    person("tom_baker", "Tom Baker"),
    person("li_chen", "Li Chen"),
    person("maria_g", "María García"),
    person("sanjay_patil", "संजय पाटिल"),
    person("kavya_reddy", "Kavya Reddy"),
];

/// A few accounts that write most of the abuse, as on real networks; they also send the odd normal message.
pub(crate) const REGULAR_TROLLS: [Person; 5] = [
    person("angry_customer_007", "Angry Customer"),
    person("sach_bolta_hai", "सच बोलता है"),
    person("no_filter_nikhil", "Nikhil"),
    person("bakwas_detector", "Bakwas Detector"),
    person("xyz_troll99", "xyz"),
];

/// What a message means, as its writer intended. The sandbox knows; Sangam's text analysis has to work it out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tone {
    Praise,
    Complaint,
    Question,
    Chatter,
    Abuse,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    English,
    /// Hindi in Devanagari script.
    Hindi,
    /// Hindi written in Latin letters, often mixed with English.
    Hinglish,
}

pub(crate) fn lines(tone: Tone, language: Language) -> &'static [&'static str] {
    use Language::*;
    use Tone::*;
    match (tone, language) {
        (Praise, English) => &[
            "Loved the new update, great work team!",
            "Your support team sorted my issue in ten minutes. Impressed.",
            "This is exactly what I needed, thank you!",
            "Been using this for a year now and it keeps getting better.",
            "Big thanks for that last thread, very helpful.",
            "Finally a brand that actually listens. Respect.",
        ],
        (Praise, Hindi) => &[
            "बहुत बढ़िया काम, धन्यवाद!",
            "आपकी सेवा से बहुत खुश हूँ।",
            "नया अपडेट शानदार है।",
            "आपकी टीम ने मेरी समस्या तुरंत हल कर दी।",
        ],
        (Praise, Hinglish) => &[
            "Bahut badhiya kaam kiya aapne, thank you!",
            "Service ekdum mast hai yaar",
            "Naya update zabardast hai, maza aa gaya",
            "Aapki team ne turant help kiya, shukriya",
        ],
        (Complaint, English) => &[
            "My order is late again. Third time this month.",
            "The app keeps logging me out. Please fix it.",
            "Still waiting for my refund, ticket raised two weeks ago.",
            "Prices went up and quality went down. Disappointed.",
            "Your checkout page has been broken since morning.",
        ],
        (Complaint, Hindi) => &[
            "मेरा ऑर्डर अभी तक नहीं आया।",
            "ऐप बार बार बंद हो जाता है, कृपया ठीक करें।",
            "दो हफ्ते हो गए, रिफंड अभी तक नहीं मिला।",
            "ग्राहक सेवा से कोई जवाब नहीं मिलता।",
        ],
        (Complaint, Hinglish) => &[
            "Mera order abhi tak nahi aaya, kya ho raha hai",
            "App baar baar crash ho raha hai, fix karo please",
            "Refund ka kuch pata nahi, 2 hafte ho gaye",
            "Customer care koi reply hi nahi karta",
        ],
        (Question, English) => &[
            "Do you ship to Pune?",
            "When does the sale start?",
            "Is there a student discount?",
            "How do I change my delivery address?",
            "Any plans for a Hindi version of the app?",
            "What are your customer care hours?",
        ],
        (Question, Hindi) => &[
            "क्या आप जयपुर में डिलीवरी करते हैं?",
            "सेल कब शुरू होगी?",
            "ऐप हिंदी में कब आएगा?",
            "मैं अपना पता कैसे बदलूँ?",
        ],
        (Question, Hinglish) => &[
            "Kya aap Lucknow mein deliver karte ho?",
            "Sale kab start hogi?",
            "Student discount milta hai kya?",
            "Address kaise change karun?",
        ],
        (Chatter, English) => &[
            "Saw your stall at the expo today, nice setup.",
            "Sharing this with my team.",
            "Interesting thread, following along.",
            "Good morning from Bengaluru!",
        ],
        (Chatter, Hindi) => &[
            "सुप्रभात! आज की पोस्ट अच्छी लगी।",
            "मैंने अपने दोस्तों के साथ साझा किया।",
        ],
        (Chatter, Hinglish) => &[
            "Good morning ji, aaj ka post accha laga",
            "Dosto ke saath share kiya hai",
        ],
        (Abuse, English) => &[
            "You are useless idiots.",
            "Worst company ever, you clowns should shut down.",
            "Shut up and fix your garbage app, morons.",
            "Nobody cares about your stupid posts, losers.",
            "Your team is a bunch of clueless fools.",
            "What a pathetic joke of a company.",
        ],
        (Abuse, Hindi) => &[
            "तुम लोग बेवकूफ हो।",
            "सबसे घटिया कंपनी, शर्म करो।",
            "बकवास बंद करो, निकम्मे लोग।",
            "तुम सब चोर हो, पैसे लूटते हो।",
        ],
        (Abuse, Hinglish) => &[
            "Bakwas service, chor log.",
            "Tum log ekdum bekaar ho, bewakoof.",
            "Chup karo aur app theek karo, nalayak log",
            "Sab ke sab chor ho, sharam karo",
            "Ghatiya company, pagal log chala rahe hain",
        ],
    }
}

/// Links people paste: screenshots with complaints, articles and photos otherwise. Reserved `.example` domains, so
/// nothing is ever fetched from the real world.
pub(crate) fn link(tone: Tone, n: u64) -> String {
    match tone {
        Tone::Complaint | Tone::Abuse => format!("https://screenshots.example/s/{n}"),
        Tone::Praise | Tone::Chatter => format!("https://photos.example/p/{n}"),
        Tone::Question => format!("https://shop.example/item/{n}"),
    }
}
