//! Drawing. Reads `App`, writes cells; changes nothing. One file per panel.
//!
//! `text` (the policy), `status` (the two bars), `file_list`, `help`, `palette`, `cells`.

mod cells;
mod file_list;
mod help;
pub mod palette;
mod status;
mod text;

pub use crate::app::help_lines;

use crate::app::{App, Mode};
use file_list::draw_file_list;
use help::draw_help;
use ratatui::Frame;
use ratatui::layout::Rect;
use status::{draw_bottom, draw_status};
use text::draw_text;

pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if area.width == 0 || area.height == 0 {
        return;
    }
    let (text_h, bars) = if area.height >= 3 {
        (area.height - 2, 2)
    } else {
        (area.height, 0)
    };
    // The frame may be smaller than the size the app last heard of (a resize still in flight).
    let gutter = app.gutter_width().min(area.width.saturating_sub(1));
    let text_area = Rect::new(area.x + gutter, area.y, area.width - gutter, text_h);
    let gutter_area = Rect::new(area.x, area.y, gutter, text_h);
    let cursor_cell = if app.mode == Mode::FileList {
        draw_file_list(
            frame.buffer_mut(),
            app,
            Rect::new(area.x, area.y, area.width, text_h),
        );
        None
    } else {
        draw_text(frame.buffer_mut(), app, text_area, gutter_area)
    };
    if bars == 2 {
        draw_status(
            frame.buffer_mut(),
            app,
            Rect::new(area.x, area.y + text_h, area.width, 1),
        );
        let bottom = Rect::new(area.x, area.y + text_h + 1, area.width, 1);
        if let Some(pos) = draw_bottom(frame.buffer_mut(), app, bottom) {
            frame.set_cursor_position(pos);
        } else if let Some(pos) = cursor_cell {
            frame.set_cursor_position(pos);
        }
    } else if let Some(pos) = cursor_cell {
        frame.set_cursor_position(pos);
    }
    if let Mode::Help { scroll } = app.mode {
        draw_help(frame, app, area, scroll);
    }
}
