//! Charts drawn on the server as SVG: they show without JavaScript, print to PDF as vectors and pass the
//! Content-Security-Policy (presentation attributes, no inline styles). Every piece of text is escaped here.

use crate::i18n::Tr;
use sangam_domain::reports::{FollowerPoint, HeatCell, ProfileRef};
use std::fmt::Write;

const W: f64 = 720.0;
const H: f64 = 220.0;
const PAD: f64 = 40.0;
/// Colour-blind-safe series colours (Okabe-Ito).
const COLOURS: [&str; 6] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
];

const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn open(w: f64, h: f64, label: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{}\" class=\"chart-svg\">",
        escape(label)
    )
}

/// Follower count over time, one line per profile.
pub fn lines(profiles: &[ProfileRef], points: &[FollowerPoint]) -> String {
    let mut svg = open(W, H + 30.0, "followers");
    if points.is_empty() {
        svg.push_str("</svg>");
        return svg;
    }
    let (x0, x1) = (
        points.iter().map(|p| p.taken_at).min().unwrap_or(0) as f64,
        points.iter().map(|p| p.taken_at).max().unwrap_or(1) as f64,
    );
    let (y0, y1) = (
        points.iter().map(|p| p.followers).min().unwrap_or(0) as f64,
        points.iter().map(|p| p.followers).max().unwrap_or(1) as f64,
    );
    let sx = |x: f64| PAD + (x - x0) / (x1 - x0).max(1.0) * (W - 2.0 * PAD);
    let sy = |y: f64| H - PAD / 2.0 - (y - y0) / (y1 - y0).max(1.0) * (H - PAD);
    let _ = write!(
        svg,
        "<line x1=\"{PAD}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\" stroke=\"#999\"/><text x=\"2\" y=\"{top}\" font-size=\"11\">{y1}</text><text x=\"2\" y=\"{b}\" font-size=\"11\">{y0}</text>",
        b = H - PAD / 2.0,
        r = W - PAD,
        top = PAD / 2.0 + 4.0,
    );
    for (i, p) in profiles.iter().enumerate() {
        let colour = COLOURS[i % COLOURS.len()];
        let pts: Vec<String> = points
            .iter()
            .filter(|f| f.profile_id == p.profile_id)
            .map(|f| format!("{:.1},{:.1}", sx(f.taken_at as f64), sy(f.followers as f64)))
            .collect();
        if pts.is_empty() {
            continue;
        }
        let _ = write!(
            svg,
            "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{}\"/>",
            pts.join(" ")
        );
        let _ = write!(
            svg,
            "<rect x=\"{x}\" y=\"{y}\" width=\"10\" height=\"10\" fill=\"{colour}\"/><text x=\"{tx}\" y=\"{ty}\" font-size=\"12\">{}</text>",
            escape(&p.name),
            x = PAD + i as f64 * 180.0,
            y = H + 8.0,
            tx = PAD + i as f64 * 180.0 + 14.0,
            ty = H + 17.0,
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Horizontal bars with their labels and values.
pub fn bars(items: &[(String, i64)]) -> String {
    let row = 22.0;
    let h = (items.len() as f64 * row).max(row) + 10.0;
    let mut svg = open(W, h, "bars");
    let max = items.iter().map(|i| i.1).max().unwrap_or(1).max(1) as f64;
    for (i, (label, v)) in items.iter().enumerate() {
        let y = 5.0 + i as f64 * row;
        let w = (*v as f64 / max) * (W - 260.0);
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{ty}\" font-size=\"12\">{}</text><rect x=\"180\" y=\"{y}\" width=\"{w:.1}\" height=\"16\" fill=\"{}\"/><text x=\"{vx:.1}\" y=\"{ty}\" font-size=\"12\">{v}</text>",
            escape(&label.chars().take(24).collect::<String>()),
            COLOURS[0],
            ty = y + 12.0,
            vx = 186.0 + w,
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Weekday x hour grid: darker cells had more posts; each cell's title gives the count and median rate.
pub fn heat_map(t: &Tr, cells: &[HeatCell]) -> String {
    let (cw, ch, left, top) = (26.0, 22.0, 48.0, 18.0);
    let mut svg = open(
        left + 24.0 * cw + 4.0,
        top + 7.0 * ch + 4.0,
        &t.t("report-chart-best-times"),
    );
    let max = cells.iter().map(|c| c.posts).max().unwrap_or(0).max(1) as f64;
    for h in (0..24).step_by(3) {
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"12\" font-size=\"11\">{h:02}</text>",
            left + h as f64 * cw + 4.0
        );
    }
    for d in 0..7u8 {
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{:.1}\" font-size=\"11\">{}</text>",
            top + d as f64 * ch + 15.0,
            escape(&t.t(&format!("weekday-{}", WEEKDAYS[d as usize])))
        );
    }
    for c in cells {
        let opacity = if c.posts == 0 {
            0.04
        } else {
            0.2 + 0.8 * c.posts as f64 / max
        };
        let rate = match c.engagement_rate_per_follower.value() {
            Some(v) => format!("{v:.2}%"),
            None => t.t("report-no-data"),
        };
        let _ = write!(
            svg,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{}\" height=\"{}\" fill=\"{}\" fill-opacity=\"{opacity:.2}\"><title>{}</title></rect>",
            left + c.hour as f64 * cw,
            top + c.weekday as f64 * ch,
            cw - 2.0,
            ch - 2.0,
            COLOURS[0],
            escape(&format!(
                "{} {:02}:00 · {} · {}",
                t.t(&format!("weekday-{}", WEEKDAYS[c.weekday as usize % 7])),
                c.hour,
                t.t1("report-heat-posts", "count", c.posts),
                rate
            ))
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A goal's values so far (days since its start), the target line, and the forecast line to the end of the period.
pub fn trend(
    points: &[(f64, f64)],
    end_day: f64,
    target: f64,
    forecast: Option<&sangam_domain::metrics::Forecast>,
) -> String {
    let mut svg = open(W, H, "trend");
    let mut ys: Vec<f64> = points.iter().map(|p| p.1).chain([target]).collect();
    if let Some(f) = forecast {
        ys.push(f.value);
    }
    let (y0, y1) = (
        ys.iter().copied().fold(f64::INFINITY, f64::min),
        ys.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    );
    let sx = |x: f64| PAD + x / end_day.max(1.0) * (W - 2.0 * PAD);
    let sy = |y: f64| H - PAD / 2.0 - (y - y0) / (y1 - y0).max(1e-9) * (H - PAD);
    let _ = write!(
        svg,
        "<line x1=\"{PAD}\" y1=\"{t:.1}\" x2=\"{r}\" y2=\"{t:.1}\" stroke=\"{}\" stroke-dasharray=\"6 4\"/>",
        COLOURS[2],
        t = sy(target),
        r = W - PAD,
    );
    let pts: Vec<String> = points
        .iter()
        .map(|p| format!("{:.1},{:.1}", sx(p.0), sy(p.1)))
        .collect();
    let _ = write!(
        svg,
        "<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"2\" points=\"{}\"/>",
        COLOURS[0],
        pts.join(" ")
    );
    if let (Some(f), Some(last)) = (forecast, points.last()) {
        let _ = write!(
            svg,
            "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{}\" stroke-dasharray=\"2 3\"/>",
            sx(last.0),
            sy(f.intercept + f.slope * last.0),
            sx(end_day),
            sy(f.value),
            COLOURS[1],
        );
    }
    svg.push_str("</svg>");
    svg
}
