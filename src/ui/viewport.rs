//! Pan and zoom of the diagram: which part of the drawing the canvas shows, and how big.
//!
//! Plain Rust, tested natively. A point of the drawing (SVG user units, where a node box is
//! 190 × 84) appears on screen at `drawing × zoom + pan`, in CSS pixels from the canvas's
//! top-left corner. The SVG and the token canvas both draw through this one transform, so
//! tokens stay on their edges at any zoom, and both are vector or device-pixel sharp.

use super::layout::{Layout, Point};

/// The smallest and largest zoom: a 60-node drawing fits a laptop screen at the smallest; a
/// single node fills it at the largest.
pub const MIN_ZOOM: f64 = 0.15;
pub const MAX_ZOOM: f64 = 4.0;
/// How much one button press or one wheel notch zooms.
pub const STEP: f64 = 1.2;

/// The transform from the drawing to the canvas.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Viewport {
    pub zoom: f64,
    pub pan_x: f64,
    pub pan_y: f64,
}

impl Default for Viewport {
    fn default() -> Self {
        Viewport {
            zoom: 1.0,
            pan_x: 0.0,
            pan_y: 0.0,
        }
    }
}

impl Viewport {
    /// The whole drawing, centred, as large as fits a `width` × `height` canvas (but never
    /// above 1.5×: a three-node drawing should not look like a poster).
    pub fn fit(layout: &Layout, width: f64, height: f64) -> Viewport {
        if !(width > 0.0 && height > 0.0 && layout.width > 0.0 && layout.height > 0.0) {
            return Viewport::default();
        }
        let zoom = (width / layout.width)
            .min(height / layout.height)
            .clamp(MIN_ZOOM, 1.5);
        Viewport {
            zoom,
            pan_x: (width - layout.width * zoom) / 2.0 - layout.left * zoom,
            pan_y: (height - layout.height * zoom) / 2.0 - layout.top * zoom,
        }
    }

    /// Zoomed by `factor` around the canvas point `anchor`, which stays put (the point under
    /// the mouse wheel, or the canvas's centre for the buttons).
    pub fn zoomed(self, factor: f64, anchor: Point) -> Viewport {
        let zoom = (self.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        let under = self.to_drawing(anchor);
        Viewport {
            zoom,
            pan_x: anchor.x - under.x * zoom,
            pan_y: anchor.y - under.y * zoom,
        }
    }

    /// Moved by a drag of `dx`, `dy` canvas pixels.
    pub fn panned(self, dx: f64, dy: f64) -> Viewport {
        Viewport {
            pan_x: self.pan_x + dx,
            pan_y: self.pan_y + dy,
            ..self
        }
    }

    /// The drawing's point under a canvas point.
    pub fn to_drawing(self, canvas: Point) -> Point {
        Point {
            x: (canvas.x - self.pan_x) / self.zoom,
            y: (canvas.y - self.pan_y) / self.zoom,
        }
    }

    /// The SVG `transform` of the drawing's group.
    pub fn transform(self) -> String {
        format!(
            "translate({:.2} {:.2}) scale({:.4})",
            self.pan_x, self.pan_y, self.zoom
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::Topology;
    use crate::ui::layout::{layout, Flow};

    #[test]
    fn fit_shows_the_whole_drawing_centred() {
        let drawn = layout(&Topology::order_processing(), Flow::Across);
        let view = Viewport::fit(&drawn, 800.0, 600.0);
        let top_left = Point {
            x: drawn.left * view.zoom + view.pan_x,
            y: drawn.top * view.zoom + view.pan_y,
        };
        let bottom_right = Point {
            x: (drawn.left + drawn.width) * view.zoom + view.pan_x,
            y: (drawn.top + drawn.height) * view.zoom + view.pan_y,
        };
        assert!(top_left.x >= -1e-9 && top_left.y >= -1e-9, "{top_left:?}");
        assert!(bottom_right.x <= 800.0 + 1e-9 && bottom_right.y <= 600.0 + 1e-9);
        // Centred: equal space left and right (or above and below).
        let (left, right) = (top_left.x, 800.0 - bottom_right.x);
        assert!((left - right).abs() < 1e-6, "{left} vs {right}");
    }

    #[test]
    fn zooming_keeps_the_point_under_the_pointer_and_stays_in_range() {
        let view = Viewport {
            zoom: 1.0,
            pan_x: 30.0,
            pan_y: -20.0,
        };
        let anchor = Point { x: 250.0, y: 140.0 };
        let before = view.to_drawing(anchor);
        let zoomed = view.zoomed(STEP, anchor);
        let after = zoomed.to_drawing(anchor);
        assert!((before.x - after.x).abs() < 1e-9 && (before.y - after.y).abs() < 1e-9);
        assert!((zoomed.zoom - STEP).abs() < 1e-12);
        assert_eq!(view.zoomed(1e9, anchor).zoom, MAX_ZOOM);
        assert_eq!(view.zoomed(1e-9, anchor).zoom, MIN_ZOOM);
        let moved = view.panned(5.0, 7.0);
        assert_eq!((moved.pan_x, moved.pan_y), (35.0, -13.0));
    }
}
