package org.hearken.reporting;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Charts drawn on the server as PNG, for the PDF pack (which runs no JavaScript). Headless: no display is needed, only
 * the fonts of the machine. The colours are those of the web page's charts.
 */
final class Charts {

    static final Color[] PALETTE = {
        new Color(0x1f4f8f),
        new Color(0x17693a),
        new Color(0xc27c0e),
        new Color(0xa4161a),
        new Color(0x6b4c9a),
        new Color(0x2a8a8a),
        new Color(0x7a7f8c)
    };
    static final Color ON_TIME = new Color(0x17693a);
    static final Color AFTER_EXTENSION = new Color(0x1f4f8f);
    static final Color LATE = new Color(0xa4161a);

    private Charts() {}

    /** Stacked 100 % bars: each stage's on time / after extension / late shares. */
    static byte[] compliance(Headline h, int width, int height) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        data.addValue(h.acknowledgement().onTime(), "On time", "Acknowledgement");
        data.addValue(0, "On time after extension", "Acknowledgement");
        data.addValue(h.acknowledgement().late(), "Late or overdue", "Acknowledgement");
        data.addValue(h.response().onTime(), "On time", "Response");
        data.addValue(h.response().onTimeAfterExtension(), "On time after extension", "Response");
        data.addValue(h.response().late(), "Late or overdue", "Response");
        data.addValue(h.sameDayFirstReply().count(), "On time", "Same-day first reply");
        data.addValue(0, "On time after extension", "Same-day first reply");
        data.addValue(
                h.sameDayFirstReply().of() - h.sameDayFirstReply().count(), "Late or overdue", "Same-day first reply");
        JFreeChart chart = ChartFactory.createStackedBarChart(
                null, null, "Share of decided cases", data, PlotOrientation.HORIZONTAL, true, false, false);
        CategoryPlot plot = style(chart);
        org.jfree.chart.renderer.category.StackedBarRenderer renderer =
                new org.jfree.chart.renderer.category.StackedBarRenderer(true);
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, ON_TIME);
        renderer.setSeriesPaint(1, AFTER_EXTENSION);
        renderer.setSeriesPaint(2, LATE);
        plot.setRenderer(renderer);
        org.jfree.chart.axis.NumberAxis share = (org.jfree.chart.axis.NumberAxis) plot.getRangeAxis();
        share.setStandardTickUnits(org.jfree.chart.axis.NumberAxis.createStandardTickUnits());
        share.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(
                0.1, java.text.NumberFormat.getPercentInstance(java.util.Locale.ENGLISH)));
        return png(chart, width, height);
    }

    /** Bars per period, one series per column of a volume table (all but the period and the total). */
    static byte[] overTime(Table volume, String axis, int width, int height) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        List<Table.Column> columns = volume.columns();
        for (List<Object> row : volume.rows()) {
            for (int c = 1; c < columns.size() - 1; c++) {
                data.addValue((Number) row.get(c), columns.get(c).label(), String.valueOf(row.getFirst()));
            }
        }
        JFreeChart chart = ChartFactory.createStackedBarChart(
                null, null, axis, data, PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = style(chart);
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        for (int i = 0; i < columns.size(); i++) {
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        }
        CategoryAxis x = plot.getDomainAxis();
        x.setCategoryLabelPositions(
                volume.rows().size() > 8 ? CategoryLabelPositions.UP_45 : CategoryLabelPositions.STANDARD);
        return png(chart, width, height);
    }

    /** Horizontal bars: cases per category, most frequent first. */
    static byte[] categories(Table categories, int limit, int width, int height) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        categories.rows().stream()
                .limit(limit)
                .forEach(r -> data.addValue((Number) r.get(2), "Cases", String.valueOf(r.get(1))));
        JFreeChart chart =
                ChartFactory.createBarChart(null, null, "Cases", data, PlotOrientation.HORIZONTAL, false, false, false);
        CategoryPlot plot = style(chart);
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, PALETTE[0]);
        return png(chart, width, height);
    }

    private static CategoryPlot style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        // Drawn at about twice the printed size, so the type is twice the size it should look.
        if (chart.getLegend() != null) {
            chart.getLegend().setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 22));
            chart.getLegend().setFrame(org.jfree.chart.block.BlockBorder.NONE);
        }
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xd9dee7));
        plot.setRangeGridlineStroke(new BasicStroke(1.5f));
        plot.setOutlineVisible(false);
        plot.getDomainAxis().setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 20));
        plot.getRangeAxis().setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 20));
        plot.getRangeAxis().setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 22));
        if (plot.getRangeAxis() instanceof org.jfree.chart.axis.NumberAxis counts) {
            counts.setStandardTickUnits(org.jfree.chart.axis.NumberAxis.createIntegerTickUnits());
        }
        return plot;
    }

    static byte[] png(JFreeChart chart, int width, int height) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ChartUtils.writeChartAsPNG(out, chart, width, height);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String dataUri(byte[] png) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    }
}
