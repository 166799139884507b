using System.Text;
using QuickCommerce.Web.Features.Inventory;

namespace QuickCommerce.Web.Tests.Inventory;

/// <summary>The CSV reader and writer on their own: encodings, quoting and line numbers.</summary>
public sealed class InventoryCsvTests
{
    private static (IReadOnlyList<CsvRecord> Records, ImportError? Error) Read(string text, bool bom = false) =>
        InventoryCsv.Read(bom ? [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)] : Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Quoted_commas_doubled_quotes_line_breaks_and_hindi_come_through_with_the_line_each_record_starts_on()
    {
        var (records, error) = Read("name,unit\r\n\"Sugar, Salt\",1 kg\r\n\"5\"\" pipe\",\"two\nlines\"\r\n\r\nदूध (doodh),500 ml", bom: true);

        error.ShouldBeNull();
        records.Select(r => r.Line).ShouldBe([1, 2, 3, 6]);
        records[1].Fields.ShouldBe(["Sugar, Salt", "1 kg"]);
        records[2].Fields.ShouldBe(["5\" pipe", "two\nlines"]);
        records[3].Fields.ShouldBe(["दूध (doodh)", "500 ml"]);
    }

    [Fact]
    public void An_unclosed_quote_names_the_line_it_opens_on()
    {
        var (_, error) = Read("name,unit\nAtta,5 kg\n\"Salt,1 kg\nDal,1 kg\n");

        error!.Line.ShouldBe(3);
        error.Message.ShouldContain("never closed");
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_refused_with_their_line()
    {
        byte[] windows1252 = [.. Encoding.UTF8.GetBytes("name,unit\nAtta,5 kg\nCaf"), 0xE9, .. Encoding.UTF8.GetBytes(",1 kg\n")];

        var (records, error) = InventoryCsv.Read(windows1252);

        records.ShouldBeEmpty();
        error!.Line.ShouldBe(3);
        error.Message.ShouldStartWith("The file is not UTF-8 text: line 3");
    }

    [Fact]
    public void A_utf16_file_is_refused_with_advice()
    {
        var (_, error) = InventoryCsv.Read([0xFF, 0xFE, .. Encoding.Unicode.GetBytes("name,unit")]);

        error!.Message.ShouldContain("UTF-16");
    }

    [Fact]
    public void More_than_ten_thousand_rows_are_refused()
    {
        var text = new StringBuilder("name\n");
        for (var i = 0; i <= InventoryCsv.MaxRows; i++)
        {
            text.Append("x\n");
        }

        var (_, error) = Read(text.ToString());

        error!.Message.ShouldBe("The file has more than 10,000 product rows. Split it into files of at most 10,000 rows.");
    }

    [Fact]
    public void A_header_with_missing_unknown_and_repeated_columns_names_each()
    {
        var (records, _) = Read("Name,Hindi Name,brand,unit,price,price,stock,category,barcode,colour\n");

        var (_, error) = InventoryCsv.ReadHeader(records[0]);

        error!.Line.ShouldBe(1);
        error.Message.ShouldBe(
            "The header row does not match: missing column mrp; unknown column colour; repeated column price. " +
            "The first row must be: name,hindi_name,brand,unit,price,mrp,stock,category,barcode.");
    }

    [Fact]
    public void Writing_quotes_what_needs_it_and_defuses_formulas_which_reading_undoes()
    {
        var bytes = InventoryCsv.Write([["Sugar, Salt & Jaggery", "=HYPERLINK(\"x\")", "-5", "say \"hi\""]]);

        bytes[..3].ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        var text = Encoding.UTF8.GetString(bytes[3..]);
        text.ShouldEndWith("\"Sugar, Salt & Jaggery\",\"'=HYPERLINK(\"\"x\"\")\",-5,\"say \"\"hi\"\"\"\r\n");
        var (records, _) = InventoryCsv.Read(bytes);
        var positions = new Dictionary<string, int> { ["a"] = 0, ["b"] = 1, ["c"] = 2, ["d"] = 3 };
        InventoryCsv.Cell(records[1], positions, "b").ShouldBe("=HYPERLINK(\"x\")");
        InventoryCsv.Cell(records[1], positions, "c").ShouldBe("-5");
    }
}
