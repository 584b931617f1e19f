package org.peerwave.app.ui.tray;

/** The main window as the tray menu drives it; the view implements it on the stage. */
public interface WindowControl {

    boolean isShowing();

    /** Shows the window (restored and in front). */
    void show();

    void hide();

    /** Quits the app. */
    void quit();
}
