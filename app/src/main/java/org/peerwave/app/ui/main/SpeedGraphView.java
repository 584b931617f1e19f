package org.peerwave.app.ui.main;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import org.peerwave.app.util.Sizes;

/**
 * A download/upload rate graph drawn on a canvas (cheap to redraw once a second with 600 points):
 * download in blue, upload in green, a scale on the left. Colours read well on light and dark themes.
 */
public final class SpeedGraphView extends Region {

    static final Color DOWN = Color.web("#2f81f7");
    static final Color UP = Color.web("#2ea043");
    private static final Color GRID = Color.web("#8b949e", 0.35);
    private static final Color TEXT = Color.web("#8b949e");

    private final Canvas canvas = new Canvas();
    private SpeedHistory.Points points = new SpeedHistory.Points(new long[0], new long[0]);
    private int window = 60;

    public SpeedGraphView() {
        getStyleClass().add("speed-graph");
        getChildren().add(canvas);
        setMinSize(200, 120);
        setPrefSize(600, 200);
    }

    /** Shows these points over a window of {@code seconds} (the newest at the right edge). */
    public void show(SpeedHistory.Points p, int seconds) {
        this.points = p;
        this.window = seconds;
        draw();
    }

    public SpeedHistory.Points points() {
        return points;
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        draw();
    }

    private void draw() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        if (w < 10 || h < 10) {
            return;
        }
        double left = 70;
        double top = 10;
        double bottom = h - 20;
        double right = w - 10;
        long max = Math.max(niceMax(points.max()), 1024);
        g.setFont(Font.font(11));
        g.setLineWidth(1);
        for (int i = 0; i <= 4; i++) {
            double y = bottom - (bottom - top) * i / 4;
            g.setStroke(GRID);
            g.strokeLine(left, y, right, y);
            g.setFill(TEXT);
            g.fillText(Sizes.rate(max * i / 4), 4, y + 4);
        }
        g.fillText(window >= 120 ? window / 60 + " min ago" : window + " s ago", left, h - 4);
        g.fillText("now", right - 24, h - 4);
        series(g, points.down(), DOWN, max, left, top, right, bottom);
        series(g, points.up(), UP, max, left, top, right, bottom);
    }

    private void series(GraphicsContext g, long[] values, Color c, long max, double left, double top, double right,
                        double bottom) {
        int n = values.length;
        if (n == 0) {
            return;
        }
        double step = (right - left) / Math.max(1, window - 1);
        double x0 = right - (n - 1) * step;
        g.setStroke(c);
        g.setLineWidth(1.6);
        g.beginPath();
        for (int i = 0; i < n; i++) {
            double x = x0 + i * step;
            double y = bottom - (bottom - top) * Math.min(1.0, (double) values[i] / max);
            if (i == 0) {
                g.moveTo(x, y);
            } else {
                g.lineTo(x, y);
            }
        }
        g.stroke();
    }

    /** 1, 2 or 5 times a power of two... rounded up for a readable scale. */
    static long niceMax(long v) {
        long m = 1024;
        while (m < v) {
            m = m * 2;
        }
        return m;
    }
}
