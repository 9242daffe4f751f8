//! Charts drawn on the server as SVG: they show without JavaScript, print to PDF as vectors on the A4 page and pass
//! the Content-Security-Policy (presentation attributes, no inline styles, no script). Every chart has labelled axes
//! in the reader's language (dates and numbers written the way their language writes them) and a legend; every piece
//! of text is escaped here.

use crate::reports::Fmt;
use sangam_domain::Millis;
use sangam_domain::metrics::{Figure, Forecast, NumberStyle, Unit};
use sangam_domain::reports::{FollowerPoint, HeatCell, Period, ProfileRef, heat_shades};
use std::fmt::Write;

const W: f64 = 720.0;
/// Left margin for the y axis' labels, and the plot's height.
const LEFT: f64 = 70.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 14.0;
const PLOT_H: f64 = 190.0;
const DAY: Millis = 24 * 3600 * 1000;
/// Colour-blind-safe series colours (Okabe-Ito).
const COLOURS: [&str; 6] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
];
const INK: &str = "#1d2433";
const MUTED: &str = "#5d6679";
const GRID: &str = "#dde2ea";

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
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w:.0} {h:.0}\" role=\"img\" aria-label=\"{}\" class=\"chart-svg\" font-family=\"system-ui, 'Noto Sans', 'Noto Sans Devanagari', sans-serif\">",
        escape(label)
    )
}

fn text(svg: &mut String, x: f64, y: f64, size: f64, anchor: &str, fill: &str, s: &str) {
    let _ = write!(
        svg,
        "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"{size}\" text-anchor=\"{anchor}\" fill=\"{fill}\">{}</text>",
        escape(s)
    );
}

/// Round steps (1, 2, 2.5, 5 x 10^k) from `lo` to `hi`, about `n` of them; whole steps for counts.
pub fn nice_ticks(lo: f64, hi: f64, n: usize, whole: bool) -> Vec<f64> {
    let (lo, hi) = if hi > lo {
        (lo, hi)
    } else {
        (lo - 1.0, lo + 1.0)
    };
    let span = hi - lo;
    let raw = span / n.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let mut step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| span / s <= n as f64)
        .unwrap_or(10.0 * mag);
    if whole {
        step = step.max(1.0).round();
    }
    let mut v = (lo / step).floor() * step;
    let mut out = vec![v];
    while v < hi - 1e-9 && out.len() < 50 {
        v += step;
        out.push(v);
    }
    out
}

/// A day in the reader's language and zone: `Nov 30` / `30 नव॰`.
pub fn short_date(f: &Fmt<'_>, at: Millis) -> String {
    let Ok(ts) = jiff::Timestamp::from_millisecond(at) else {
        return String::new();
    };
    let d = ts.to_zoned(f.t.zone().clone()).date();
    let month = f.t.t(&format!("month-short-{}", d.month()));
    match f.style {
        NumberStyle::EnUs => format!("{month} {}", d.day()),
        NumberStyle::HiIn => format!("{} {month}", d.day()),
    }
}

/// Local midnights from `from` to `to`, about `n` of them, evenly spaced in whole days.
fn day_ticks(f: &Fmt<'_>, from: Millis, to: Millis, n: i64) -> Vec<Millis> {
    let tz = f.t.zone().clone();
    let Ok(start) = jiff::Timestamp::from_millisecond(from) else {
        return vec![];
    };
    let first = start.to_zoned(tz.clone()).date();
    let days = ((to - from) / DAY).max(1);
    let step = (days + n - 1) / n.max(1);
    let mut out = vec![];
    let mut k = 0;
    while out.len() < 40 {
        let Ok(d) = first.checked_add(jiff::Span::new().days(k * step.max(1))) else {
            break;
        };
        let Ok(z) = tz
            .to_ambiguous_zoned(d.to_datetime(jiff::civil::Time::midnight()))
            .compatible()
        else {
            break;
        };
        let at = z.timestamp().as_millisecond();
        if at > to {
            break;
        }
        if at >= from {
            out.push(at);
        }
        k += 1;
    }
    out
}

/// Swatches with names, wrapped onto as many rows as they need from `y`; returns the height used.
fn legend(svg: &mut String, y: f64, items: &[(String, &str, &str)]) -> f64 {
    let (mut x, mut row) = (LEFT, 0.0);
    for (label, colour, kind) in items {
        let width = 30.0 + label.chars().count() as f64 * 6.6;
        if x + width > W - RIGHT && x > LEFT {
            x = LEFT;
            row += 18.0;
        }
        let cy = y + row;
        match *kind {
            "dash" => {
                let _ = write!(
                    svg,
                    "<line x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{colour}\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>",
                    cy - 4.0,
                    x + 18.0,
                    cy - 4.0
                );
            }
            "band" => {
                let _ = write!(
                    svg,
                    "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"18\" height=\"10\" fill=\"{colour}\" fill-opacity=\"0.25\"/>",
                    cy - 9.0
                );
            }
            _ => {
                let _ = write!(
                    svg,
                    "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"18\" height=\"4\" fill=\"{colour}\"/>",
                    cy - 6.0
                );
            }
        }
        text(svg, x + 24.0, cy, 12.0, "start", INK, label);
        x += width;
    }
    row + 18.0
}

/// Horizontal grid lines with the y axis' labels, and the axis title turned up the left side.
fn y_axis(
    svg: &mut String,
    f: &Fmt<'_>,
    ticks: &[f64],
    sy: &dyn Fn(f64) -> f64,
    unit: Unit,
    title: &str,
) {
    for v in ticks {
        let y = sy(*v);
        let _ = write!(
            svg,
            "<line x1=\"{LEFT}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"{GRID}\"/>",
            W - RIGHT
        );
        text(
            svg,
            LEFT - 6.0,
            y + 4.0,
            11.0,
            "end",
            MUTED,
            &f.text(unit.figure(*v)),
        );
    }
    let mid = TOP + PLOT_H / 2.0;
    let _ = write!(
        svg,
        "<text x=\"14\" y=\"{mid:.1}\" font-size=\"12\" text-anchor=\"middle\" fill=\"{INK}\" transform=\"rotate(-90 14 {mid:.1})\">{}</text>",
        escape(title)
    );
}

/// Date ticks under the plot and the x axis' title.
fn x_axis(
    svg: &mut String,
    f: &Fmt<'_>,
    ticks: &[Millis],
    sx: &dyn Fn(f64) -> f64,
    title: &str,
) -> f64 {
    let base = TOP + PLOT_H;
    let _ = write!(
        svg,
        "<line x1=\"{LEFT}\" y1=\"{base:.1}\" x2=\"{:.1}\" y2=\"{base:.1}\" stroke=\"{MUTED}\"/>",
        W - RIGHT
    );
    for at in ticks {
        let x = sx(*at as f64);
        let _ = write!(
            svg,
            "<line x1=\"{x:.1}\" y1=\"{base:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"{MUTED}\"/>",
            base + 4.0
        );
        text(
            svg,
            x,
            base + 17.0,
            11.0,
            "middle",
            MUTED,
            &short_date(f, *at),
        );
    }
    text(
        svg,
        LEFT + (W - LEFT - RIGHT) / 2.0,
        base + 34.0,
        12.0,
        "middle",
        INK,
        title,
    );
    base + 48.0
}

/// At most about 300 points per line: the last snapshot of each slice of the period (snapshots come every 15
/// minutes; a month of them would be thousands of vertices for no visible difference).
fn thin(points: Vec<&FollowerPoint>, period: Period) -> Vec<&FollowerPoint> {
    let slice = ((period.to - period.from) / 300).max(1);
    let mut out: Vec<&FollowerPoint> = Vec::new();
    for p in points {
        match out.last_mut() {
            Some(last)
                if (last.taken_at - period.from) / slice == (p.taken_at - period.from) / slice =>
            {
                *last = p
            }
            _ => out.push(p),
        }
    }
    out
}

/// Followers over the period, one line per profile: dates along the bottom, follower counts up the side, a legend
/// of the profiles.
pub fn lines(
    f: &Fmt<'_>,
    profiles: &[ProfileRef],
    points: &[FollowerPoint],
    period: Period,
) -> String {
    let t = f.t;
    let legend_rows = (profiles.len() as f64 / 3.0).ceil().max(1.0);
    let h = TOP + PLOT_H + 52.0 + legend_rows * 18.0;
    let mut svg = open(W, h, &t.t("report-chart-followers"));
    let (x0, x1) = (period.from as f64, period.to as f64);
    let sx = move |x: f64| LEFT + (x - x0) / (x1 - x0).max(1.0) * (W - LEFT - RIGHT);
    let values: Vec<f64> = points.iter().map(|p| p.followers as f64).collect();
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let ticks = if values.is_empty() {
        vec![0.0, 1.0]
    } else {
        nice_ticks(lo, hi, 5, true)
    };
    let (y0, y1) = (ticks[0], *ticks.last().unwrap_or(&1.0));
    let sy = move |y: f64| TOP + PLOT_H - (y - y0) / (y1 - y0).max(1e-9) * PLOT_H;
    y_axis(
        &mut svg,
        f,
        &ticks,
        &sy,
        Unit::Count,
        &t.t("chart-axis-followers"),
    );
    let bottom = x_axis(
        &mut svg,
        f,
        &day_ticks(f, period.from, period.to, 7),
        &sx,
        &t.t("chart-axis-date"),
    );
    if points.is_empty() {
        text(
            &mut svg,
            LEFT + 10.0,
            TOP + PLOT_H / 2.0,
            13.0,
            "start",
            MUTED,
            &t.t("report-empty"),
        );
    }
    let mut keys = vec![];
    for (i, p) in profiles.iter().enumerate() {
        let colour = COLOURS[i % COLOURS.len()];
        let own: Vec<&FollowerPoint> = points
            .iter()
            .filter(|f| f.profile_id == p.profile_id)
            .collect();
        let own = thin(own, period);
        let Some(last) = own.last() else { continue };
        let pts: Vec<String> = own
            .iter()
            .map(|q| format!("{:.1},{:.1}", sx(q.taken_at as f64), sy(q.followers as f64)))
            .collect();
        let _ = write!(
            svg,
            "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{}\"><title>{}</title></polyline>",
            pts.join(" "),
            escape(&format!(
                "{} · {} · {}",
                p.name,
                short_date(f, last.taken_at),
                f.text(Figure::Count(last.followers))
            ))
        );
        keys.push((
            format!(
                "{} ({})",
                p.name,
                crate::reports::network_name(t, p.network.as_str())
            ),
            colour,
            "line",
        ));
    }
    legend(&mut svg, bottom + 4.0, &keys);
    svg.push_str("</svg>");
    svg
}

/// Horizontal bars with their labels and values written out; `measure` names what the bars count.
pub fn bars(f: &Fmt<'_>, items: &[(String, Figure)], measure: &str) -> String {
    let row = 24.0;
    let (label_w, top) = (190.0, 6.0);
    let h = top + (items.len() as f64 * row).max(row) + 40.0;
    let mut svg = open(W, h, measure);
    let max = items
        .iter()
        .filter_map(|i| i.1.value())
        .fold(0.0, f64::max)
        .max(1.0);
    let room = W - label_w - 90.0;
    if items.is_empty() {
        text(
            &mut svg,
            label_w,
            top + 16.0,
            13.0,
            "start",
            MUTED,
            &f.t.t("report-empty"),
        );
    }
    for (i, (label, v)) in items.iter().enumerate() {
        let y = top + i as f64 * row;
        // A negative figure (a campaign that lost money) has no bar; its value is written at the axis.
        let w = (v.value().unwrap_or(0.0) / max * room).max(0.0);
        let short: String = label.chars().take(26).collect();
        let _ = write!(
            svg,
            "<g><title>{}</title>",
            escape(&format!("{label}: {}", f.text(*v)))
        );
        text(&mut svg, label_w - 8.0, y + 14.0, 12.0, "end", INK, &short);
        let _ = write!(
            svg,
            "<rect x=\"{label_w}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"17\" fill=\"{}\"/>",
            COLOURS[0]
        );
        text(
            &mut svg,
            label_w + w + 6.0,
            y + 14.0,
            12.0,
            "start",
            INK,
            &f.text(*v),
        );
        svg.push_str("</g>");
    }
    let base = top + (items.len() as f64 * row).max(row) + 4.0;
    let _ = write!(
        svg,
        "<line x1=\"{label_w}\" y1=\"{base:.1}\" x2=\"{:.1}\" y2=\"{base:.1}\" stroke=\"{MUTED}\"/>",
        label_w + room
    );
    text(
        &mut svg,
        label_w + room / 2.0,
        base + 22.0,
        12.0,
        "middle",
        INK,
        measure,
    );
    svg.push_str("</svg>");
    svg
}

/// Weekday x hour grid, shaded by the median engagement rate per follower of the posts published in each cell (the
/// number of posts never enters the shade: it is written in the cell). A scale under the grid reads the shades.
pub fn heat_map(f: &Fmt<'_>, cells: &[HeatCell]) -> String {
    let t = f.t;
    let (cw, ch, left, top) = (26.0, 24.0, 52.0, 20.0);
    let grid_w = left + 24.0 * cw;
    let h = top + 7.0 * ch + 64.0;
    let mut svg = open(grid_w + 8.0, h, &t.t("report-chart-best-times"));
    for hour in (0..24).step_by(3) {
        text(
            &mut svg,
            left + hour as f64 * cw + (cw - 2.0) / 2.0,
            13.0,
            11.0,
            "middle",
            MUTED,
            &format!("{hour:02}"),
        );
    }
    for d in 0..7u8 {
        text(
            &mut svg,
            0.0,
            top + d as f64 * ch + 16.0,
            11.0,
            "start",
            MUTED,
            &t.t(&format!("weekday-{}", WEEKDAYS[d as usize])),
        );
    }
    let shades = heat_shades(cells);
    for (c, shade) in cells.iter().zip(&shades) {
        let (x, y) = (left + c.hour as f64 * cw, top + c.weekday as f64 * ch);
        let rate = f.text(c.engagement_rate_per_follower);
        let (fill, opacity) = match shade {
            Some(s) => (COLOURS[0], 0.1 + 0.9 * s),
            None if c.posts > 0 => ("#adb5bd", 0.5),
            None => ("#f1f3f5", 1.0),
        };
        let _ = write!(
            svg,
            "<g class=\"heat-cell\" data-weekday=\"{}\" data-hour=\"{}\" data-posts=\"{}\" data-shade=\"{:.3}\"><title>{}</title><rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{}\" height=\"{}\" fill=\"{fill}\" fill-opacity=\"{opacity:.3}\"/>",
            c.weekday,
            c.hour,
            c.posts,
            shade.unwrap_or(0.0),
            escape(&format!(
                "{} {:02}:00 · {} · {}: {}",
                t.t(&format!("weekday-{}", WEEKDAYS[c.weekday as usize % 7])),
                c.hour,
                t.t_count("report-heat-posts", "count", c.posts),
                t.t("chart-heat-rate"),
                rate
            )),
            cw - 2.0,
            ch - 2.0,
        );
        if c.posts > 0 {
            let ink = if shade.is_some_and(|s| s > 0.55) {
                "#fff"
            } else {
                INK
            };
            text(
                &mut svg,
                x + (cw - 2.0) / 2.0,
                y + 15.0,
                10.0,
                "middle",
                ink,
                &f.style.integer(c.posts),
            );
        }
        svg.push_str("</g>");
    }
    // The scale: five shades from no engagement to the highest median in the grid.
    let max = cells
        .iter()
        .filter_map(|c| c.engagement_rate_per_follower.value())
        .fold(0.0, f64::max);
    let sy = top + 7.0 * ch + 14.0;
    text(
        &mut svg,
        left,
        sy + 12.0,
        11.0,
        "start",
        INK,
        &t.t("chart-heat-scale"),
    );
    let scale_x = left + 210.0;
    for k in 0..5 {
        let s = k as f64 / 4.0;
        let x = scale_x + k as f64 * 62.0;
        let _ = write!(
            svg,
            "<rect x=\"{x:.1}\" y=\"{sy:.1}\" width=\"56\" height=\"14\" fill=\"{}\" fill-opacity=\"{:.3}\"/>",
            COLOURS[0],
            0.1 + 0.9 * s
        );
        text(
            &mut svg,
            x + 28.0,
            sy + 28.0,
            10.0,
            "middle",
            MUTED,
            &f.text(Figure::Percent(max * s)),
        );
    }
    let _ = write!(
        svg,
        "<rect x=\"{:.1}\" y=\"{sy:.1}\" width=\"14\" height=\"14\" fill=\"#adb5bd\" fill-opacity=\"0.5\"/>",
        scale_x + 5.0 * 62.0 + 6.0
    );
    text(
        &mut svg,
        scale_x + 5.0 * 62.0 + 24.0,
        sy + 12.0,
        10.0,
        "start",
        MUTED,
        &t.t("chart-heat-unmeasured"),
    );
    svg.push_str("</svg>");
    svg
}

/// What a goal's trend chart needs to know.
pub struct Trend<'a> {
    /// (days since the start, value so far).
    pub points: &'a [(f64, f64)],
    pub starts_at: Millis,
    pub end_day: f64,
    pub baseline: f64,
    pub target: f64,
    pub forecast: Option<&'a Forecast>,
    pub unit: Unit,
    /// The metric's name, for the y axis.
    pub metric: &'a str,
}

/// A goal's values so far (dates along the bottom, the metric up the side), the target line and its value, and the
/// forecast line to the end of the period with its 95% band (two standard errors), each named in the legend.
pub fn trend(f: &Fmt<'_>, g: &Trend<'_>) -> String {
    let t = f.t;
    let h = TOP + PLOT_H + 52.0 + 36.0;
    let mut svg = open(W, h, &t.t("chart-goal-title"));
    let mut ys: Vec<f64> = g
        .points
        .iter()
        .map(|p| p.1)
        .chain([g.target, g.baseline])
        .collect();
    if let Some(fc) = g.forecast {
        ys.extend([
            fc.value - 2.0 * fc.standard_error,
            fc.value + 2.0 * fc.standard_error,
        ]);
    }
    let lo = ys.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = ys.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let ticks = nice_ticks(lo, hi, 5, g.unit == Unit::Count);
    let (y0, y1) = (ticks[0], *ticks.last().unwrap_or(&1.0));
    let end = g.end_day.max(1.0);
    let sx = move |day: f64| LEFT + day / end * (W - LEFT - RIGHT);
    let sy = move |y: f64| TOP + PLOT_H - (y - y0) / (y1 - y0).max(1e-9) * PLOT_H;
    y_axis(&mut svg, f, &ticks, &sy, g.unit, g.metric);
    let end_ms = g.starts_at + (g.end_day * DAY as f64) as Millis;
    let day_of = |at: Millis| (at - g.starts_at) as f64 / DAY as f64;
    let ticks_ms = day_ticks(f, g.starts_at, end_ms, 7);
    let bottom = x_axis(
        &mut svg,
        f,
        &ticks_ms,
        &|ms| sx(day_of(ms as Millis)),
        &t.t("chart-axis-date"),
    );
    // The target, dashed, with its value written at the right end.
    let ty = sy(g.target);
    let _ = write!(
        svg,
        "<line x1=\"{LEFT}\" y1=\"{ty:.1}\" x2=\"{:.1}\" y2=\"{ty:.1}\" stroke=\"{}\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>",
        W - RIGHT,
        COLOURS[2]
    );
    text(
        &mut svg,
        W - RIGHT - 4.0,
        ty - 5.0,
        11.0,
        "end",
        INK,
        &format!("{} {}", t.t("goal-target"), f.text(g.unit.figure(g.target))),
    );
    let mut keys = vec![(t.t("chart-goal-so-far"), COLOURS[0], "line")];
    keys.push((t.t("chart-goal-target"), COLOURS[2], "dash"));
    if let (Some(fc), Some(last)) = (g.forecast, g.points.last()) {
        let from_y = fc.intercept + fc.slope * last.0;
        let band = format!(
            "{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}",
            sx(last.0),
            sy(from_y),
            sx(end),
            sy(fc.value + 2.0 * fc.standard_error),
            sx(end),
            sy(fc.value - 2.0 * fc.standard_error)
        );
        let _ = write!(
            svg,
            "<polygon points=\"{band}\" fill=\"{}\" fill-opacity=\"0.25\"/><line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{}\" stroke-width=\"2\" stroke-dasharray=\"2 3\"/>",
            COLOURS[1],
            sx(last.0),
            sy(from_y),
            sx(end),
            sy(fc.value),
            COLOURS[1],
        );
        keys.push((t.t("chart-goal-forecast"), COLOURS[1], "dash"));
        keys.push((t.t("chart-goal-band"), COLOURS[1], "band"));
    }
    if g.points.is_empty() {
        text(
            &mut svg,
            LEFT + 10.0,
            TOP + PLOT_H / 2.0,
            13.0,
            "start",
            MUTED,
            &t.t("report-no-data"),
        );
    }
    let pts: Vec<String> = g
        .points
        .iter()
        .map(|p| format!("{:.1},{:.1}", sx(p.0), sy(p.1)))
        .collect();
    let _ = write!(
        svg,
        "<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"2\" points=\"{}\"/>",
        COLOURS[0],
        pts.join(" ")
    );
    for p in g.points {
        let _ = write!(
            svg,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"{}\"><title>{}</title></circle>",
            sx(p.0),
            sy(p.1),
            COLOURS[0],
            escape(&format!(
                "{} · {}",
                short_date(f, g.starts_at + (p.0 * DAY as f64) as Millis),
                f.text(g.unit.figure(p.1))
            ))
        );
    }
    legend(&mut svg, bottom + 4.0, &keys);
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::i18n::Tr;

    #[test]
    fn a_negative_figure_has_no_bar_and_its_value_stays_clear_of_its_label() {
        let en = Tr::new("en-US", "UTC");
        let items = [
            ("won".to_string(), Figure::Percent(61.5)),
            ("lost".to_string(), Figure::Percent(-13.9)),
        ];
        let svg = bars(&Fmt::new(&en), &items, "ROI");
        assert!(
            !svg.contains("width=\"-"),
            "no bar of negative width: {svg}"
        );
        // The lost campaign's value is written just right of the axis, after its label's end (190).
        let at = svg.find("-13.90%").unwrap();
        let x: f64 = svg[..at]
            .rsplit("<text x=\"")
            .next()
            .and_then(|s| s.split('"').next())
            .and_then(|s| s.parse().ok())
            .unwrap();
        assert!(x >= 190.0, "{x}");
    }

    #[test]
    fn ticks_are_round_and_cover_the_values() {
        assert_eq!(
            nice_ticks(1000.0, 1040.0, 5, true),
            vec![1000.0, 1010.0, 1020.0, 1030.0, 1040.0]
        );
        let t = nice_ticks(0.3, 2.7, 5, false);
        assert!(t[0] <= 0.3 && *t.last().unwrap() >= 2.7);
        assert_eq!(nice_ticks(3.0, 3.0, 5, true).len(), 3);
    }

    #[test]
    fn dates_on_axes_are_written_in_the_readers_language() {
        let en = Tr::new("en-US", "Asia/Kolkata");
        let hi = Tr::new("hi-IN", "Asia/Kolkata");
        // 2026-11-30 06:00 UTC.
        let at = 1_796_018_400_000;
        assert_eq!(short_date(&Fmt::new(&en), at), "Nov 30");
        assert_eq!(short_date(&Fmt::new(&hi), at), "30 नव॰");
    }

    fn cell(weekday: u8, hour: u8, posts: i64, rate: f64) -> HeatCell {
        HeatCell {
            weekday,
            hour,
            posts,
            engagement_rate_per_follower: Figure::Percent(rate),
        }
    }

    fn opacity_of(svg: &str, weekday: u8, hour: u8) -> f64 {
        let key = format!("data-weekday=\"{weekday}\" data-hour=\"{hour}\"");
        let at = svg.find(&key).unwrap();
        let rest = &svg[at..];
        let o = rest.find("fill-opacity=\"").unwrap() + "fill-opacity=\"".len();
        rest[o..].split('"').next().unwrap().parse().unwrap()
    }

    #[test]
    fn the_higher_rate_hour_is_darker_whatever_the_counts() {
        let t = Tr::new("en-US", "UTC");
        // Monday 09:00: nine posts at 1%; Monday 18:00: one post at 4%.
        let cells = vec![cell(0, 9, 9, 1.0), cell(0, 18, 1, 4.0)];
        let svg = heat_map(&Fmt::new(&t), &cells);
        assert!(opacity_of(&svg, 0, 18) > opacity_of(&svg, 0, 9), "{svg}");
        // The counts are written in the cells.
        assert!(svg.contains(">9</text>") && svg.contains(">1</text>"));
    }
}
