using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace QuickCommerce.Web.Features.Inventory;

/// <summary>A problem with an import file: the line it is on (1 is the header), the column if one is to blame, and what to do.</summary>
public sealed record ImportError(int Line, string? Column, string Message);

/// <summary>One record of a CSV file and the line it starts on (a quoted value may span lines).</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);

/// <summary>
/// The inventory CSV format: UTF-8 (with or without the BOM Excel writes), comma-separated, RFC 4180
/// quoting (a value with a comma, quote or line break is quoted; a quote inside is doubled), a header
/// naming the nine columns in any order. Written by hand rather than with a CSV library so that every
/// failure — bad bytes, an unclosed quote, a wrong header — comes back as a sentence with a line number.
/// </summary>
public static class InventoryCsv
{
    public const int MaxBytes = 2 * 1024 * 1024;
    public const int MaxRows = 10_000;

    public const string Name = "name";
    public const string HindiName = "hindi_name";
    public const string Brand = "brand";
    public const string Unit = "unit";
    public const string Price = "price";
    public const string Mrp = "mrp";
    public const string Stock = "stock";
    public const string Category = "category";
    public const string Barcode = "barcode";

    /// <summary>The columns, in the order an export writes them.</summary>
    public static IReadOnlyList<string> Columns { get; } = [Name, HindiName, Brand, Unit, Price, Mrp, Stock, Category, Barcode];

    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    // A spreadsheet treats a cell starting with one of these as a formula ("CSV injection").
    private static readonly SearchValues<char> FormulaStarts = SearchValues.Create("=+-@\t\r");

    private static readonly SearchValues<char> NeedsQuotes = SearchValues.Create(",\"\r\n");

    /// <summary>
    /// Decodes <paramref name="content"/> and splits it into records, header first. A file that cannot
    /// be read at all (too big, not UTF-8, an unclosed quote, too many rows) gives one error instead.
    /// Blank lines are skipped.
    /// </summary>
    public static (IReadOnlyList<CsvRecord> Records, ImportError? Error) Read(ReadOnlySpan<byte> content)
    {
        if (content.Length > MaxBytes)
        {
            return ([], new ImportError(0, null, $"The file is larger than {MaxBytes / (1024 * 1024)} MB. Split it into smaller files."));
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || content.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return ([], new ImportError(1, null, "The file is saved as UTF-16. Save it as \"CSV UTF-8 (comma delimited)\" and try again."));
        }

        if (content.StartsWith(Utf8Bom))
        {
            content = content[Utf8Bom.Length..];
        }

        var chars = new char[content.Length];
        var status = Utf8.ToUtf16(content, chars, out var bytesRead, out var charsWritten, replaceInvalidSequences: false);
        if (status != OperationStatus.Done)
        {
            var line = 1 + content[..bytesRead].Count((byte)'\n');
            return ([], new ImportError(line, null,
                $"The file is not UTF-8 text: line {line} has bytes that are not UTF-8 (was it saved as ANSI or Windows-1252?). Save it as \"CSV UTF-8 (comma delimited)\" and try again."));
        }

        var text = chars.AsSpan(0, charsWritten);
        var nul = text.IndexOf('\0');
        if (nul >= 0)
        {
            return ([], new ImportError(1 + text[..nul].Count('\n'), null, "This is not a text file. Export your sheet as \"CSV UTF-8 (comma delimited)\"."));
        }

        return Split(text);
    }

    /// <summary>
    /// The position of each known column in <paramref name="header"/>, or an error naming the missing,
    /// unknown and repeated ones. Names are matched ignoring case, spaces and dashes ("Hindi Name" is hindi_name).
    /// </summary>
    public static (IReadOnlyDictionary<string, int> Positions, ImportError? Error) ReadHeader(CsvRecord header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        var unknown = new List<string>();
        var repeated = new List<string>();
        for (var i = 0; i < header.Fields.Count; i++)
        {
            var name = header.Fields[i].Trim().ToLowerInvariant().Replace(' ', '_').Replace('-', '_');
            if (name.Length == 0 && i == header.Fields.Count - 1 && i > 0)
            {
                continue; // A trailing comma after the last column.
            }

            if (!Columns.Contains(name))
            {
                unknown.Add(header.Fields[i].Trim().Length == 0 ? "(blank)" : header.Fields[i].Trim());
            }
            else if (!positions.TryAdd(name, i))
            {
                repeated.Add(name);
            }
        }

        var missing = Columns.Where(c => !positions.ContainsKey(c)).ToList();
        if (missing.Count + unknown.Count + repeated.Count == 0)
        {
            return (positions, null);
        }

        var problems = new List<string>();
        if (missing.Count > 0)
        {
            problems.Add($"missing column{(missing.Count == 1 ? string.Empty : "s")} {string.Join(", ", missing)}");
        }

        if (unknown.Count > 0)
        {
            problems.Add($"unknown column{(unknown.Count == 1 ? string.Empty : "s")} {string.Join(", ", unknown)}");
        }

        if (repeated.Count > 0)
        {
            problems.Add($"repeated column{(repeated.Count == 1 ? string.Empty : "s")} {string.Join(", ", repeated)}");
        }

        return (positions, new ImportError(header.Line, null,
            $"The header row does not match: {string.Join("; ", problems)}. The first row must be: {string.Join(",", Columns)}."));
    }

    /// <summary>The value of a cell as the merchant meant it: trimmed, without the apostrophe an export puts before formula-like text.</summary>
    public static string Cell(CsvRecord record, IReadOnlyDictionary<string, int> positions, string column)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(positions);
        var index = positions[column];
        var value = index < record.Fields.Count ? record.Fields[index].Trim() : string.Empty;
        return value.Length > 1 && value[0] == '\'' && FormulaStarts.Contains(value[1]) ? value[1..] : value;
    }

    /// <summary>Writes UTF-8 with a BOM (so Excel shows Hindi correctly) and CRLF line ends, quoting where needed.</summary>
    public static byte[] Write(IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder();
        AppendRow(text, Columns, escapeFormulas: false);
        foreach (var row in rows)
        {
            AppendRow(text, row, escapeFormulas: true);
        }

        return [.. Utf8Bom, .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static void AppendRow(StringBuilder text, IReadOnlyList<string> row, bool escapeFormulas)
    {
        for (var i = 0; i < row.Count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            var value = row[i];
            if (escapeFormulas && value.Length > 0 && FormulaStarts.Contains(value[0]) && !IsNumber(value))
            {
                value = "'" + value;
            }

            if (value.AsSpan().ContainsAny(NeedsQuotes) || (value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))))
            {
                text.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                text.Append(value);
            }
        }

        text.Append("\r\n");
    }

    private static bool IsNumber(string value) =>
        decimal.TryParse(value, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out _);

    private static (IReadOnlyList<CsvRecord> Records, ImportError? Error) Split(ReadOnlySpan<char> text)
    {
        var records = new List<CsvRecord>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        var inQuotes = false;
        var quoteLine = 1;

        void EndField()
        {
            fields.Add(field.ToString());
            field.Clear();
            quoted = false;
        }

        bool EndRecord()
        {
            EndField();
            var blank = fields.Count == 1 && fields[0].Length == 0;
            if (!blank)
            {
                records.Add(new CsvRecord(recordLine, [.. fields]));
            }

            fields.Clear();
            return records.Count <= MaxRows + 1;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0 && !quoted:
                    inQuotes = true;
                    quoted = true;
                    quoteLine = line;
                    break;
                case ',':
                    EndField();
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    break; // The \n ends the record.
                case '\r' or '\n':
                    if (!EndRecord())
                    {
                        return ([], TooMany());
                    }

                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }

        if (inQuotes)
        {
            return ([], new ImportError(quoteLine, null, $"Line {quoteLine} opens a quoted value that is never closed (a \" is missing)."));
        }

        if (field.Length > 0 || fields.Count > 0 || quoted)
        {
            if (!EndRecord())
            {
                return ([], TooMany());
            }
        }

        return (records, null);
    }

    private static ImportError TooMany()
    {
        var most = MaxRows.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
        return new(0, null, $"The file has more than {most} product rows. Split it into files of at most {most} rows.");
    }
}
