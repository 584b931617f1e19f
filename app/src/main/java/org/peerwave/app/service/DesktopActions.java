package org.peerwave.app.service;

import java.nio.file.Path;

/** What view models ask of the desktop: the clipboard and the file manager. */
public interface DesktopActions {

    void copyToClipboard(String text);

    /** Opens the folder in the platform's file manager. */
    void openFolder(Path folder);
}
