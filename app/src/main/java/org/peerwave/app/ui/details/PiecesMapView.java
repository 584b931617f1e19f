package org.peerwave.app.ui.details;

import java.util.BitSet;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;

/**
 * The pieces map: one bar across, each column coloured by the share of its pieces that are verified.
 */
public final class PiecesMapView extends Region {

    private static final Color HAVE = Color.web("#2f81f7");
    private static final Color MISSING = Color.web("#8b949e", 0.25);

    private final Canvas canvas = new Canvas();
    private BitSet pieces = new BitSet();
    private int count;

    public PiecesMapView() {
        getStyleClass().add("pieces-map");
        getChildren().add(canvas);
        setMinHeight(18);
        setPrefHeight(18);
        setMaxHeight(18);
    }

    public void show(BitSet verified, int pieceCount) {
        this.pieces = verified == null ? new BitSet() : verified;
        this.count = pieceCount;
        draw();
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
        g.setFill(MISSING);
        g.fillRect(0, 0, w, h);
        if (count == 0 || w < 1) {
            return;
        }
        int columns = (int) Math.max(1, Math.min(w, count));
        double cw = w / columns;
        for (int c = 0; c < columns; c++) {
            int from = (int) ((long) c * count / columns);
            int to = (int) Math.max(from + 1, (long) (c + 1) * count / columns);
            int have = 0;
            for (int p = pieces.nextSetBit(from); p >= 0 && p < to; p = pieces.nextSetBit(p + 1)) {
                have++;
            }
            if (have > 0) {
                g.setFill(HAVE.deriveColor(0, 1, 1, 0.25 + 0.75 * have / (to - from)));
                g.fillRect(c * cw, 0, Math.ceil(cw), h);
            }
        }
    }
}
