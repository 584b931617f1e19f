package org.peerwave.app;

import java.nio.file.Path;
import javafx.application.HostServices;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import org.peerwave.app.service.DesktopActions;

/** {@link DesktopActions} on JavaFX: the system clipboard and the host's file manager. */
final class FxDesktop implements DesktopActions {

    private final HostServices host;

    FxDesktop(HostServices host) {
        this.host = host;
    }

    @Override
    public void copyToClipboard(String text) {
        ClipboardContent c = new ClipboardContent();
        c.putString(text);
        Clipboard.getSystemClipboard().setContent(c);
    }

    @Override
    public void openFolder(Path folder) {
        host.showDocument(folder.toUri().toString());
    }

    /** Opens a URL with the desktop's default program for it (the player fallback's stream URL). */
    void open(String url) {
        host.showDocument(url);
    }
}
