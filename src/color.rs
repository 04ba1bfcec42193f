//! Colour depth: what the terminal can show. Decided at start-up, read by the app and the UI.

/// How many colours the terminal can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorDepth {
    TrueColor,
    Ansi256,
    /// 16 colours, sent as the classic codes (30–37, 90–97) by `ansi16::Ansi16Writer`.
    Ansi16,
    /// `NO_COLOR`: roles are told apart by bold/underline and visible delimiters; reverse video
    /// is the cursor's alone.
    None,
}

impl ColorDepth {
    /// From the environment: `NO_COLOR`, then `COLORTERM`, then `TERM`.
    pub fn detect(env: impl Fn(&str) -> Option<String>) -> ColorDepth {
        if env("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            return ColorDepth::None;
        }
        if let Some(ct) = env("COLORTERM")
            && (ct.contains("truecolor") || ct.contains("24bit"))
        {
            return ColorDepth::TrueColor;
        }
        match env("TERM") {
            Some(t) if t.contains("256") || t.contains("direct") => ColorDepth::Ansi256,
            _ => ColorDepth::Ansi16,
        }
    }
}
