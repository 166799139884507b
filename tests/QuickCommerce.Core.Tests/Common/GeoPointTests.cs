using QuickCommerce.Core.Common;

namespace QuickCommerce.Core.Tests.Common;

public class GeoPointTests
{
    [Theory]
    [InlineData(12.9716, 77.5946)]
    [InlineData(0, 0)]
    [InlineData(90, 180)]
    [InlineData(-90, -180)]
    public void Creating_a_point_in_range_succeeds_and_keeps_its_coordinates(double latitude, double longitude)
    {
        var result = GeoPoint.Create(latitude, longitude);

        result.IsSuccess.ShouldBeTrue();
        result.Error.ShouldBeNull();
        result.Value.Latitude.ShouldBe(latitude);
        result.Value.Longitude.ShouldBe(longitude);
    }

    [Theory]
    [InlineData(90.000001)]
    [InlineData(-90.5)]
    [InlineData(1000)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void A_latitude_out_of_range_or_not_a_number_is_a_validation_error_on_lat(double latitude)
    {
        var result = GeoPoint.Create(latitude, 77.5946);

        result.IsSuccess.ShouldBeFalse();
        result.Error.ShouldNotBeNull();
        result.Error.Kind.ShouldBe(ErrorKind.Validation);
        result.Error.Code.ShouldBe("lat");
    }

    [Theory]
    [InlineData(180.000001)]
    [InlineData(-181)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void A_longitude_out_of_range_or_not_a_number_is_a_validation_error_on_lng(double longitude)
    {
        var result = GeoPoint.Create(12.9716, longitude);

        result.IsSuccess.ShouldBeFalse();
        result.Error.ShouldNotBeNull();
        result.Error.Kind.ShouldBe(ErrorKind.Validation);
        result.Error.Code.ShouldBe("lng");
    }

    [Fact]
    public void To_point_puts_longitude_in_x_and_latitude_in_y_with_srid_4326()
    {
        var point = GeoPoint.Create(12.9716, 77.5946).Value.ToPoint();

        point.X.ShouldBe(77.5946);
        point.Y.ShouldBe(12.9716);
        point.SRID.ShouldBe(4326);
        GeoPoint.Srid.ShouldBe(4326);
    }

    [Fact]
    public void From_point_reads_back_the_same_coordinates()
    {
        var original = GeoPoint.Create(28.6139, 77.2090).Value;

        GeoPoint.FromPoint(original.ToPoint()).ShouldBe(original);
    }
}
