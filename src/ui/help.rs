//! The help screen: draws the rows `app::help` cut from the live keymap, in a box.

use super::cells::clear_straddling;
use crate::app::App;
use crate::app::help_box;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

pub(crate) fn draw_help(frame: &mut Frame, app: &App, area: Rect, scroll: u16) {
    let (x, y, w, h) = help_box((area.width, area.height));
    let popup = Rect::new(area.x + x, area.y + y, w, h);
    clear_straddling(frame.buffer_mut(), popup);
    frame.render_widget(Clear, popup);
    let (rows, _) = app.help_rows();
    let p = Paragraph::new(rows.join("\n"))
        .block(
            Block::default()
                .borders(Borders::ALL)
                .title(app.help_title()),
        )
        .scroll((scroll, 0));
    frame.render_widget(p, popup);
}
