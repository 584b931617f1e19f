package org.peerwave.app.ui.player;

import javafx.collections.ListChangeListener;
import javafx.scene.Cursor;
import javafx.scene.Group;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Rectangle;

/**
 * The seek bar: a track, the parts of the file already downloaded (lighter), the part played
 * (accent) and a thumb. A click or a drag seeks; while dragging only the thumb moves, the seek is
 * made on release so libvlc is not flooded with seeks.
 */
final class SeekBarView extends Region {

    static final double HEIGHT = 18;
    private static final double TRACK = 6;

    private final PlayerViewModel vm;
    private final Rectangle track = new Rectangle();
    private final Group downloaded = new Group();
    private final Rectangle played = new Rectangle();
    private final Circle thumb = new Circle(7);
    private boolean dragging;
    private double dragFraction;

    SeekBarView(PlayerViewModel vm) {
        this.vm = vm;
        setId("seekBar");
        getStyleClass().add("seek-bar");
        setMinHeight(HEIGHT);
        setPrefHeight(HEIGHT);
        setCursor(Cursor.HAND);
        track.setFill(Color.web("#3a3a3a"));
        played.setFill(Color.web("#3d8bfd"));
        thumb.setFill(Color.WHITE);
        for (Rectangle r : new Rectangle[] {track, played}) {
            r.setArcWidth(TRACK);
            r.setArcHeight(TRACK);
            r.setHeight(TRACK);
        }
        downloaded.setManaged(false);
        getChildren().addAll(track, downloaded, played, thumb);
        vm.positionProperty().addListener((o, a, b) -> requestLayout());
        vm.downloaded().addListener((ListChangeListener<PlayerViewModel.Range>) c -> requestLayout());
        addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            dragging = true;
            dragFraction = fractionAt(e.getX());
            requestLayout();
        });
        addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
            dragFraction = fractionAt(e.getX());
            requestLayout();
        });
        addEventHandler(MouseEvent.MOUSE_RELEASED, e -> {
            dragging = false;
            vm.seek(fractionAt(e.getX()));
        });
    }

    private double fractionAt(double x) {
        double w = getWidth();
        return w <= 0 ? 0 : Math.clamp(x / w, 0.0, 1.0);
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth();
        double y = (getHeight() - TRACK) / 2;
        track.setX(0);
        track.setY(y);
        track.setWidth(w);
        downloaded.getChildren().clear();
        for (PlayerViewModel.Range r : vm.downloaded()) {
            Rectangle part = new Rectangle(r.start() * w, y, Math.max(1, (r.end() - r.start()) * w), TRACK);
            part.setFill(Color.web("#8a8a8a"));
            downloaded.getChildren().add(part);
        }
        double f = dragging ? dragFraction : vm.positionProperty().get();
        played.setX(0);
        played.setY(y);
        played.setWidth(f * w);
        thumb.setCenterX(f * w);
        thumb.setCenterY(getHeight() / 2);
    }

    /** The number of downloaded parts drawn (for tests). */
    int downloadedParts() {
        return downloaded.getChildren().size();
    }
}
