package org.peerwave.app.service;

/** Shows a desktop notification (the tray's balloon where there is one, else a notice in the window). */
@FunctionalInterface
public interface Notifier {

    void notify(String title, String message);
}
