using Microsoft.AspNetCore.Http;
using QuickCommerce.Web.Features.Cart;

namespace QuickCommerce.Web.Tests.Cart;

public sealed class CartCookieTests
{
    private static readonly Guid Store = Guid.Parse("11111111-1111-4111-8111-111111111111");
    private static readonly Guid Atta = Guid.Parse("22222222-2222-4222-8222-222222222222");
    private static readonly Guid Dal = Guid.Parse("33333333-3333-4333-8333-333333333333");

    [Fact]
    public void A_cart_written_to_the_cookie_reads_back_and_outlives_the_browser_session()
    {
        var carts = new Dictionary<Guid, Dictionary<Guid, int>>();
        CartCookie.SetQuantity(carts, Store, Atta, 2).ShouldBeNull();
        CartCookie.SetQuantity(carts, Store, Dal, 1).ShouldBeNull();
        var response = new DefaultHttpContext().Response;

        CartCookie.Write(response, carts);

        var setCookie = response.Headers.SetCookie.ToString();
        setCookie.ShouldContain("max-age=2592000"); // 30 days: survives closing the browser
        setCookie.ShouldContain("httponly");
        var request = new DefaultHttpContext().Request;
        request.Headers.Cookie = setCookie.Split(';')[0];
        CartCookie.Read(request)[Store].ShouldBe(new Dictionary<Guid, int> { [Atta] = 2, [Dal] = 1 });
    }

    [Fact]
    public void Setting_a_line_to_zero_removes_it_and_an_empty_cart_deletes_the_cookie()
    {
        var carts = new Dictionary<Guid, Dictionary<Guid, int>>();
        CartCookie.SetQuantity(carts, Store, Atta, 2);

        CartCookie.SetQuantity(carts, Store, Atta, 0);
        var response = new DefaultHttpContext().Response;
        CartCookie.Write(response, carts);

        carts.ShouldBeEmpty();
        response.Headers.SetCookie.ToString().ShouldContain("expires=Thu, 01 Jan 1970");
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("11111111111141118111111111111111:22222222222242228222222222222222*0")]
    [InlineData("11111111111141118111111111111111:22222222222242228222222222222222*999")]
    [InlineData("11111111111141118111111111111111:not-a-guid*2")]
    public void A_tampered_cookie_is_dropped_rather_than_failing_the_page(string value)
    {
        var request = new DefaultHttpContext().Request;
        request.Headers.Cookie = $"{CartCookie.Name}={value}";

        CartCookie.Read(request).ShouldBeEmpty();
    }

    [Fact]
    public void A_fourth_shop_or_a_sixty_first_line_is_refused_with_a_reason()
    {
        var carts = new Dictionary<Guid, Dictionary<Guid, int>>();
        for (var shop = 0; shop < CartCookie.MaxStores; shop++)
        {
            CartCookie.SetQuantity(carts, Guid.NewGuid(), Guid.NewGuid(), 1).ShouldBeNull();
        }

        CartCookie.SetQuantity(carts, Store, Atta, 1).ShouldBe(CartCookie.TooManyStores);
        CartCookie.Explain(CartCookie.TooManyStores).ShouldBe("You have carts at 3 shops already. Check out or empty one first.");

        var one = new Dictionary<Guid, Dictionary<Guid, int>>();
        for (var line = 0; line < CartCookie.MaxLines; line++)
        {
            CartCookie.SetQuantity(one, Store, Guid.NewGuid(), 1).ShouldBeNull();
        }

        CartCookie.SetQuantity(one, Store, Atta, 1).ShouldBe(CartCookie.TooManyLines);
        CartCookie.Explain("anything else").ShouldBeNull();
    }
}
