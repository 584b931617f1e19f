package org.peerwave.app.ui.tray;

import java.awt.AWTException;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.awt.MenuItem;
import java.awt.PopupMenu;
import java.awt.RenderingHints;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.EnumMap;
import java.util.Map;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tray icon (java.awt.SystemTray, where the desktop has a tray): its menu comes from
 * {@link TrayViewModel}; a click on the icon shows or hides the window. Menu actions hop to the
 * JavaFX thread. {@link #install} answers false where there is no tray (headless, some desktops).
 */
public final class TrayView implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TrayView.class);

    private volatile TrayIcon icon;

    /** True when the desktop may have a tray (not headless). Cheap; does not start AWT. */
    public static boolean mayHaveTray() {
        return !GraphicsEnvironment.isHeadless();
    }

    /** Puts the icon in the tray; false when there is no tray. Call off the JavaFX thread (AWT starts). */
    public boolean install(TrayViewModel vm) {
        try {
            if (!mayHaveTray() || !SystemTray.isSupported()) {
                log.info("no system tray on this desktop");
                return false;
            }
            PopupMenu menu = new PopupMenu();
            Map<TrayViewModel.Command, MenuItem> items = new EnumMap<>(TrayViewModel.Command.class);
            for (TrayViewModel.MenuEntry e : vm.menu()) {
                MenuItem item = new MenuItem(e.label());
                item.addActionListener(a -> Platform.runLater(() -> vm.run(e.command())));
                items.put(e.command(), item);
                if (e.command() == TrayViewModel.Command.QUIT) {
                    menu.addSeparator();
                }
                menu.add(item);
            }
            TrayIcon t = new TrayIcon(image(), "Peerwave", menu);
            t.setImageAutoSize(true);
            t.addActionListener(a -> Platform.runLater(() -> vm.run(TrayViewModel.Command.SHOW_HIDE)));
            SystemTray.getSystemTray().add(t);
            icon = t;
            log.info("tray icon installed");
            return true;
        } catch (AWTException | RuntimeException | Error e) {
            log.info("no tray icon: {}", e.toString());
            return false;
        }
    }

    /** True once the icon is in the tray. */
    public boolean installed() {
        return icon != null;
    }

    /** Brings the menu's labels and the tooltip up to date (call after the window shows or hides). */
    public void update(TrayViewModel vm) {
        TrayIcon t = icon;
        if (t == null) {
            return;
        }
        var entries = vm.menu();
        String tip = vm.tooltip();
        java.awt.EventQueue.invokeLater(() -> {
            PopupMenu m = t.getPopupMenu();
            int i = 0;
            for (int k = 0; k < m.getItemCount() && i < entries.size(); k++) {
                if (m.getItem(k).getLabel().equals("-")) {
                    continue;
                }
                m.getItem(k).setLabel(entries.get(i++).label());
            }
            t.setToolTip(tip);
        });
    }

    /** A balloon on the icon; false when there is no icon (the caller shows a notice instead). */
    public boolean displayMessage(String title, String message) {
        TrayIcon t = icon;
        if (t == null) {
            return false;
        }
        t.displayMessage(title, message, TrayIcon.MessageType.INFO);
        return true;
    }

    /** A round blue badge with a white wave, drawn here (no image file to ship). */
    static BufferedImage image() {
        int n = 64;
        BufferedImage img = new BufferedImage(n, n, BufferedImage.TYPE_INT_ARGB);
        var g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(0x2f, 0x6f, 0xeb));
        g.fillOval(2, 2, n - 4, n - 4);
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(6, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D wave = new Path2D.Double();
        wave.moveTo(14, 34);
        wave.curveTo(22, 18, 28, 18, 32, 32);
        wave.curveTo(36, 46, 42, 46, 50, 30);
        g.draw(wave);
        g.dispose();
        return img;
    }

    @Override
    public void close() {
        TrayIcon t = icon;
        icon = null;
        if (t != null) {
            try {
                SystemTray.getSystemTray().remove(t);
            } catch (RuntimeException e) {
                log.debug("removing the tray icon: {}", e.toString());
            }
        }
    }
}
